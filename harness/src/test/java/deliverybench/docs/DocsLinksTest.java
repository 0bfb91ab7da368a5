package deliverybench.docs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Every relative link in README.md and docs/*.md names a file that exists, and every anchor a heading (code moves; the docs must follow). */
class DocsLinksTest {

    /** {@code [text](target)} or {@code ![alt](target)}; the target ends at the first space or closing parenthesis. */
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern FENCE = Pattern.compile("^\\s*```");

    @Test
    void everyRelativeLinkNamesAFileThatExists() throws IOException {
        Path root = repositoryRoot();
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path page : pages(root)) {
            for (String target : relativeTargets(Files.readAllLines(page))) {
                checked++;
                String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                if (file.isEmpty()) {
                    continue; // an anchor in the same page
                }
                if (!Files.exists(page.getParent().resolve(file).normalize())) {
                    broken.add(root.relativize(page) + ": " + target);
                }
            }
        }
        assertTrue(checked > 0, "no relative links found: is the test reading the right files?");
        if (!broken.isEmpty()) {
            fail(broken.size() + " relative link(s) name a file that does not exist:\n  " + String.join("\n  ", broken));
        }
    }

    @Test
    void everyAnchorNamesAHeadingOfItsPage() throws IOException {
        Path root = repositoryRoot();
        List<String> broken = new ArrayList<>();
        for (Path page : pages(root)) {
            for (String target : relativeTargets(Files.readAllLines(page))) {
                int hash = target.indexOf('#');
                if (hash < 0) {
                    continue;
                }
                String file = target.substring(0, hash);
                Path linked = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
                if (!linked.toString().endsWith(".md") || !Files.exists(linked)) {
                    continue; // a missing file is the other test's to report
                }
                if (!anchors(Files.readAllLines(linked)).contains(target.substring(hash + 1))) {
                    broken.add(root.relativize(page) + ": " + target);
                }
            }
        }
        if (!broken.isEmpty()) {
            fail(broken.size() + " link(s) name a heading their page does not have:\n  " + String.join("\n  ", broken));
        }
    }

    /** The anchors GitHub makes of a page's headings: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
    static List<String> anchors(List<String> lines) {
        List<String> anchors = new ArrayList<>();
        boolean fenced = false;
        for (String line : lines) {
            if (FENCE.matcher(line).find()) {
                fenced = !fenced;
                continue;
            }
            if (fenced || !line.startsWith("#")) {
                continue;
            }
            String slug = line.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT)
                    .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
            String unique = slug;
            for (int n = 1; anchors.contains(unique); n++) {
                unique = slug + "-" + n;
            }
            anchors.add(unique);
        }
        return anchors;
    }

    @Test
    void anchorsAreGitHubs() {
        assertTrue(anchors(List.of("# One", "## `run --live`: the run as it goes", "## One", "```", "# not a heading", "```"))
                .equals(List.of("one", "run---live-the-run-as-it-goes", "one-1")));
    }

    private static List<Path> pages(Path root) throws IOException {
        List<Path> pages = new ArrayList<>();
        pages.add(root.resolve("README.md"));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    /** The relative link targets of a page, outside code fences (a fenced {@code [x](y)} is an example, not a link). */
    static List<String> relativeTargets(List<String> lines) {
        List<String> targets = new ArrayList<>();
        boolean fenced = false;
        for (String line : lines) {
            if (FENCE.matcher(line).find()) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                continue;
            }
            Matcher m = LINK.matcher(line);
            while (m.find()) {
                String target = m.group(1);
                if (!target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) { // http:, https:, mailto: are not files
                    targets.add(target);
                }
            }
        }
        return targets;
    }

    @Test
    void findsRelativeLinksAndSkipsOthers() {
        List<String> found = relativeTargets(List.of(
                "see [the contract](docs/contract.md#limits) and ![a picture](docs/x.png)",
                "not [the web](https://example.org/a.md), nor [mail](mailto:a@b)",
                "```",
                "[fenced](nowhere.md)",
                "```",
                "[anchor](#here) [code](../strategies/src/main/java/A.java)"));
        assertTrue(found.equals(List.of("docs/contract.md#limits", "docs/x.png", "#here",
                "../strategies/src/main/java/A.java")), found.toString());
    }

    /** The test runs in {@code harness/}; the repository root is its parent. */
    private static Path repositoryRoot() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("README.md")) && Files.isDirectory(p.resolve("docs"))) {
                return p;
            }
        }
        throw new IllegalStateException("no README.md with a docs/ folder above " + here);
    }
}

package deliverybench.ab;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The jar of a git commit: built once in a temporary worktree ({@code mvn -q -DskipTests package}, offline first)
 * and kept under {@code target/ab-jars/<commit>.jar}, so that a second gate against the same commit builds nothing.
 */
public final class GitJars {

    /** The build failed or git could not give the commit; the message says which. */
    public static final class BuildFailed extends Exception {
        public BuildFailed(String message) {
            super(message);
        }
    }

    private static final long BUILD_MINUTES = 15;

    private final Path repository;
    private final PrintStream progress;

    public GitJars(Path repository, PrintStream progress) {
        this.repository = repository;
        this.progress = progress;
    }

    /** The clone's top folder, from any folder inside it. */
    public static Path topLevel(Path from) throws BuildFailed {
        return Path.of(git(from, "rev-parse", "--show-toplevel").trim());
    }

    /** The full commit id a ref names; fails when it names none (a shallow clone has no HEAD~1). */
    public String commit(String ref) throws BuildFailed {
        if (ref.startsWith("-")) {
            throw new BuildFailed("not a git ref: " + ref);
        }
        try {
            return git(repository, "rev-parse", "--verify", "--quiet", ref + "^{commit}").trim();
        } catch (BuildFailed e) {
            throw new BuildFailed("no commit " + ref + " in " + repository + " (a shallow clone has no parents)");
        }
    }

    public Path jar(String ref) throws BuildFailed, InterruptedException {
        String commit = commit(ref);
        Path cached = repository.resolve("target").resolve("ab-jars").resolve(commit + ".jar");
        if (Files.isRegularFile(cached)) {
            progress.println("ab: " + ref + " is " + commit.substring(0, 12) + ", built before: " + cached);
            return cached;
        }
        Path tree;
        try {
            tree = Files.createTempDirectory("deliverybench-ab-");
        } catch (IOException e) {
            throw new BuildFailed("cannot make a temporary folder: " + e.getMessage());
        }
        try {
            git(repository, "worktree", "add", "--detach", "--force", tree.toString(), commit);
            progress.println("ab: building " + ref + " (" + commit.substring(0, 12) + ") in " + tree + " ...");
            long start = System.nanoTime();
            Path log = tree.resolve("ab-build.log");
            if (!maven(tree, log, true) && !(missingOffline(log) && maven(tree, log, false))) {
                throw new BuildFailed("cannot build " + ref + " (" + commit.substring(0, 12) + "): mvn package failed; "
                        + tail(log));
            }
            Path built = tree.resolve("harness").resolve("target").resolve("deliverybench.jar");
            if (!Files.isRegularFile(built)) {
                throw new BuildFailed("cannot build " + ref + ": no harness/target/deliverybench.jar after mvn package");
            }
            Files.createDirectories(cached.getParent());
            Path partial = cached.resolveSibling(commit + ".jar.partial");
            Files.copy(built, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, cached, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            progress.printf(java.util.Locale.ROOT, "ab: built %s in %.0f s: %s%n", ref, (System.nanoTime() - start) / 1e9,
                    cached);
            return cached;
        } catch (IOException e) {
            throw new BuildFailed("cannot build " + ref + ": " + e.getMessage());
        } finally {
            remove(tree);
        }
    }

    /** One Maven build of the tree, offline or not; its output goes to the log. */
    private boolean maven(Path tree, Path log, boolean offline) throws IOException, InterruptedException {
        // Only the harness and what it needs: the jmh module's benchmarks jar is not a side's, and takes a while.
        List<String> command = new ArrayList<>(List.of("mvn", "-B", "-q", "-Dstyle.color=never", "-DskipTests",
                "-pl", "harness", "-am"));
        if (offline) {
            command.add("-o");
        }
        command.add("package");
        Process process = new ProcessBuilder(command).directory(tree.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!process.waitFor(BUILD_MINUTES, TimeUnit.MINUTES)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            return false;
        }
        return process.exitValue() == 0;
    }

    /** Whether the offline build failed for want of a download, the one failure worth a second, online, try. */
    private static boolean missingOffline(Path log) {
        try {
            return Files.readString(log).contains("offline mode");
        } catch (IOException e) {
            return false;
        }
    }

    private void remove(Path tree) throws InterruptedException {
        try {
            git(repository, "worktree", "remove", "--force", tree.toString());
        } catch (BuildFailed e) {
            progress.println("ab: could not remove the worktree " + tree + ": " + e.getMessage());
        }
        try {
            git(repository, "worktree", "prune");
        } catch (BuildFailed e) {
            // Only bookkeeping: a stale entry is pruned by the next git worktree prune.
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "its last lines:\n  " + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "no build log";
        }
    }

    private static String git(Path dir, String... args) throws BuildFailed {
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new BuildFailed("git " + String.join(" ", args) + " failed: " + out.trim());
            }
            return out;
        } catch (IOException e) {
            throw new BuildFailed("cannot run git: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildFailed("interrupted");
        }
    }
}

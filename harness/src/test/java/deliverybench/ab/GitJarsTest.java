package deliverybench.ab;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A side from git on a scratch repository: the cache by commit id, a commit that does not build, a missing ref. */
class GitJarsTest {

    private static String git(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString(), "-c", "user.name=t",
                "-c", "user.email=t@t", "-c", "commit.gpgsign=false"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), out);
        return out.trim();
    }

    private static Path repository(Path dir) throws Exception {
        git(dir, "init", "-q");
        Files.writeString(dir.resolve("README"), "not a Maven project\n");
        git(dir, "add", "README");
        git(dir, "commit", "-q", "-m", "first");
        return dir;
    }

    @Test
    void aCommitBuiltBeforeIsTakenFromTheCache(@TempDir Path dir) throws Exception {
        Path repository = repository(dir);
        String commit = git(repository, "rev-parse", "HEAD");
        Path cached = repository.resolve("target/ab-jars/" + commit + ".jar");
        Files.createDirectories(cached.getParent());
        Files.writeString(cached, "a jar");
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        GitJars jars = new GitJars(repository, new PrintStream(progress, true, StandardCharsets.UTF_8));
        assertEquals(cached, jars.jar("HEAD"));
        assertTrue(progress.toString(StandardCharsets.UTF_8).contains("built before"));
    }

    @Test
    void aCommitThatDoesNotBuildFailsClearlyAndLeavesNoWorktree(@TempDir Path dir) throws Exception {
        Path repository = repository(dir);
        GitJars jars = new GitJars(repository, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        GitJars.BuildFailed failed = assertThrows(GitJars.BuildFailed.class, () -> jars.jar("HEAD"));
        assertTrue(failed.getMessage().startsWith("cannot build HEAD"), failed.getMessage());
        assertEquals(1, git(repository, "worktree", "list").lines().count(), "the temporary worktree is removed");
        assertFalse(Files.exists(repository.resolve("target/ab-jars")) && hasJar(repository.resolve("target/ab-jars")));
    }

    @Test
    void aMissingParentIsNamed(@TempDir Path dir) throws Exception {
        GitJars jars = new GitJars(repository(dir), System.err);
        GitJars.BuildFailed failed = assertThrows(GitJars.BuildFailed.class, () -> jars.commit("HEAD~1"));
        assertTrue(failed.getMessage().contains("no commit HEAD~1"), failed.getMessage());
        assertThrows(GitJars.BuildFailed.class, () -> jars.commit("--output=x"));
    }

    private static boolean hasJar(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.anyMatch(file -> file.toString().endsWith(".jar"));
        }
    }
}

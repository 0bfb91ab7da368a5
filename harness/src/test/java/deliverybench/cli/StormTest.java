package deliverybench.cli;

import deliverybench.auth.TokenMinter;
import deliverybench.hostile.Aftermath;
import deliverybench.hostile.Storm;
import deliverybench.run.server.ServerProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hostile input against spawned servers with small heaps: what a storm leaves behind, and the request that once was an OutOfMemoryError. */
@Tag("spawned")
class StormTest {

    private static final String SECRET = "storm-test-secret-of-enough-length";

    @Test
    void aDeclaredGigabyteIs413WithoutAllocatingItOnA64MiBHeap(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("serve.log");
        try (ServerProcess server = ServerProcess.start(SECRET, List.of(), List.of("-Xmx64m"), log)) {
            String token = new TokenMinter(SECRET).mint("alice", Duration.ofHours(1));
            int port = server.target().http().getPort();
            // Each of these was a 1 GB ByteArrayOutputStream before the body was read: one is enough on 64 MiB.
            for (int i = 0; i < 5; i++) {
                try (Socket socket = new Socket("127.0.0.1", port)) {
                    socket.setSoTimeout(10_000);
                    socket.getOutputStream().write(("POST /messages HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token
                            + "\r\nContent-Type: application/json\r\nContent-Length: 999999999\r\n\r\n{}")
                            .getBytes(StandardCharsets.US_ASCII));
                    String answer = readAll(socket.getInputStream());
                    assertTrue(answer.startsWith("HTTP/1.1 413 "), "answer " + i + ": " + answer);
                }
            }
            Aftermath after = new Aftermath(server.target().http(), server.target().address("tcp"), server.pid());
            assertEquals(200, after.health());
            assertTrue(after.delivers(token, "bob", new TokenMinter(SECRET).mint("bob", Duration.ofHours(1))));
            String output = Files.readString(log);
            assertFalse(output.contains("OutOfMemoryError"), output);
            assertEquals(List.of(), Aftermath.errors(Aftermath.throwablesInLog(log)));
        }
    }

    private static String readAll(InputStream in) throws IOException {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.net.SocketException e) {
            return "reset: " + e.getMessage();
        }
    }

    @Test
    void aShortStormLeavesTheServerHealthyDeliveringAndAsItWas(@TempDir Path dir) throws Exception {
        try (ServerProcess server = ServerProcess.start(SECRET, List.of(), List.of("-Xmx256m"), dir.resolve("serve.log"))) {
            StormCommand.Report report = StormCommand.storm(server, SECRET, Duration.ofSeconds(4), Storm.kindCount(), 7);
            report.print();
            assertTrue(report.tally().sent() > 50, "sent " + report.tally().sent());
            assertTrue(report.tally().sentByKind().values().stream().allMatch(count -> count > 0),
                    "a kind was never sent: " + report.tally().sentByKind());
            assertEquals(List.of(), report.errors(), "java.lang.Error in the log");
            assertEquals(200, report.health());
            assertTrue(report.delivered(), "a message sent after the storm was not delivered");
            assertEquals(List.of(), report.sockets(), "connections left open");
            assertEquals(0, report.statsOpen());
            assertTrue(report.heapAfterBytes() - report.heapBeforeBytes() < StormCommand.HEAP_SLACK_BYTES,
                    "heap after a GC " + report.heapBeforeBytes() + " -> " + report.heapAfterBytes());
            assertTrue(report.held());
        }
    }
}

package deliverybench.live;

import deliverybench.options.RunOptions;
import deliverybench.run.RunListener;
import deliverybench.schedule.Arrival;
import deliverybench.strategy.Strategies;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The live dashboard's event stream, read as a client would: history first, and never in the run's way. */
class LiveStreamTest {

    private static final RunOptions CONFIG = RunOptions.parse("--strategy", "websocket", "--clients", "1", "--rate", "1",
            "--arrival", "constant", "--duration", "1s", "--warmup", "0s", "--poll-interval", "500ms", "--poll-wait", "5s",
            "--connect-rate", "1000", "--grace", "1s", "--sender-connections", "1", "--driver-io-threads", "1");

    @Test
    void aPageOpenedLateIsToldEverythingInOrder() throws Exception {
        try (LiveDashboard dashboard = LiveDashboard.start("127.0.0.1", 0, CONFIG, "late")) {
            for (int s = 1; s <= 3; s++) {
                dashboard.second(new RunListener.Second("websocket", s, 3, 10L * s, 10L * s, 1_000, 2_000));
            }
            List<String> events = new ArrayList<>();
            try (Socket socket = open(dashboard);
                 BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while (events.size() < 4 && (line = in.readLine()) != null) {
                    if (line.startsWith("event:")) {
                        events.add(line.substring(6).trim());
                    }
                }
            }
            assertEquals(List.of("run", "second", "second", "second"), events);
        }
    }

    @Test
    void pagesComingAndGoingNeverHoldUpTheRun() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            try (LiveDashboard dashboard = LiveDashboard.start("127.0.0.1", 0, CONFIG, "churn")) {
                CompletableFuture<Void> pages = CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 100; i++) {
                        try (Socket socket = open(dashboard)) {
                            socket.getInputStream().read(new byte[256]);
                            socket.setSoLinger(true, 0); // closed abruptly, as a browser tab is
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                });
                long calls = 0;
                // A thousand a second: a run says one a second per strategy.
                while (!pages.isDone()) {
                    Thread.sleep(1);
                    long started = System.nanoTime();
                    dashboard.second(new RunListener.Second("websocket", 1, 1, calls, calls, 1_000, 2_000));
                    assertTrue(System.nanoTime() - started < 1_000_000_000L, "a second() call waited");
                    calls++;
                }
                pages.join();
                assertTrue(calls > 0);
            }
        });
    }

    private static Socket open(LiveDashboard dashboard) throws Exception {
        Socket socket = new Socket("127.0.0.1", dashboard.url().getPort());
        OutputStream out = socket.getOutputStream();
        out.write(("GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }
}

package deliverybench.run.server;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Reads {@code /stats} again while the server does not answer, for a while: a server restarted by
 * {@code --chaos restart} (or paused by {@code --chaos pause}) is back soon, and its counters matter.
 */
public final class RetryingStatsReader implements StatsReader {

    /**
     * As long as a restart may take, and 10 s more: a restart on a loaded machine (stopping the old
     * server, then a JVM start) took over 30 s, the patience this reader had, and failed a good run.
     */
    private static final long PATIENCE_NS = ServerProcess.LONGEST_RESTART_NS + TimeUnit.SECONDS.toNanos(10);
    private static final long RETRY_MS = 100;

    private final StatsReader server;

    public RetryingStatsReader(StatsReader server) {
        this.server = server;
    }

    @Override
    public JsonNode stats() throws IOException {
        long deadline = System.nanoTime() + PATIENCE_NS;
        while (true) {
            try {
                return server.stats();
            } catch (IOException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IOException("the server's /stats did not answer for "
                            + TimeUnit.NANOSECONDS.toSeconds(PATIENCE_NS) + " s: " + e.getMessage(), e);
                }
                try {
                    Thread.sleep(RETRY_MS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}

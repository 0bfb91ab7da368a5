package deliverybench.run.server;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;

/**
 * Reads the server's {@code /stats}, the control plane, a few times per run: over HTTP ({@link HttpStatsReader}), again
 * through a restart ({@link RetryingStatsReader}), or summed over a cluster's gateways ({@code ClusterStatsReader}).
 */
@FunctionalInterface
public interface StatsReader {

    JsonNode stats() throws IOException;
}

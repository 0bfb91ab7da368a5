package deliverybench.run.server;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;

/** Reads the server's {@code /stats}: the control plane, read a few times per run. */
@FunctionalInterface
public interface ServerProbe {

    JsonNode stats() throws IOException;
}

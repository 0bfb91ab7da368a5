package deliverybench.options;

import deliverybench.results.RecordedOptions;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The wire options: what the run's title says of them, and the combination not built yet. */
class TlsOptionsTest {

    @Test
    void theTitleNamesTheWire() {
        assertEquals("", RunOptions.parse().tls().describe());
        assertEquals("TLS", RunOptions.parse("--tls").tls().describe());
        assertEquals("HTTP/2 (h2c)", RunOptions.parse("--http2").tls().describe());
        assertEquals("TLS, HTTP/2 (h2)", RunOptions.parse("--tls", "--http2").tls().describe());
        assertTrue(RunOptions.parse("--http2").tls().http2());
        assertFalse(RunOptions.parse("--tls").tls().http2());
        // The report's heading, from run.json.
        assertTrue(RecordedOptions.of(RunOptions.parse("--tls", "--http2")).describe().endsWith("; over TLS, HTTP/2 (h2)"));
        assertFalse(RecordedOptions.of(RunOptions.parse()).describe().contains(" over TLS"));
    }

    @Test
    void http2OnGatewaysIsRefusedSayingSo() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> RunOptions.parse("--http2", "--gateways", "2", "--redis", "redis://127.0.0.1:1"));
        assertTrue(refused.getMessage().contains("--http2 is not built for --gateways yet"), refused.getMessage());
    }
}

package deliverybench.core.stats;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;

/** A part of {@code /stats} that a component beside the core adds (the cluster's object, from a store in Redis). */
public interface StatsSection {

    /** Writes its fields into the open {@code /stats} object. */
    void write(JsonGenerator json) throws IOException;
}

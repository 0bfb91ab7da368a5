package deliverybench.results;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/**
 * One strategy's cost model from a {@code run --cost-model} sweep: every point measured, and per cost (server CPU,
 * wire bytes, requests, each per second) the fit over the points kept, with theory's idle cost beside it.
 */
public record CostModel(List<CostPoint> points, Map<String, Fitted> fits, Theory theory) {

    /** The fitted costs' names, each per second and with its unit: the keys of {@link #fits}. */
    public static final String CPU = "server_cpu_ms_per_s";
    public static final String WIRE = "wire_bytes_per_s";
    public static final String REQUESTS = "server_requests_per_s";

    public CostModel {
        points = points == null ? List.of() : List.copyOf(points);
        fits = fits == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fits));
    }

    /**
     * cost per second = idle x clients + marginal x messages per second + constant, over the points kept.
     *
     * @param crossoverMsgPerClientPerS the message rate per client at which the two parts are equal (null: any)
     * @param residuals measured minus fitted, one per point kept, in the points' order
     * @param error     why there is no fit (too few points kept, or they do not separate the terms); else null
     */
    public record Fitted(double idlePerClient, double marginalPerMessage, double constant, double rSquared,
                         Double crossoverMsgPerClientPerS, List<Double> residuals,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String error,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Double idleStdError,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Double marginalStdError) {

        /** A fit without standard errors (a run.json from before they were kept). */
        public Fitted(double idlePerClient, double marginalPerMessage, double constant, double rSquared,
                      Double crossoverMsgPerClientPerS, List<Double> residuals, String error) {
            this(idlePerClient, marginalPerMessage, constant, rSquared, crossoverMsgPerClientPerS, residuals, error, null,
                    null);
        }

        public static Fitted failed(String why) {
            return new Fitted(Double.NaN, Double.NaN, Double.NaN, Double.NaN, null, List.of(), why);
        }

        /** True when the idle coefficient is more than two standard errors from zero; false when they are not known. */
        public boolean idleResolved() {
            return ok() && idleStdError != null && Double.isFinite(idleStdError)
                    && Math.abs(idlePerClient) > 2 * idleStdError;
        }

        public boolean ok() {
            return error == null;
        }
    }

    /**
     * What theory predicts for the idle part: requests each connected client makes per second with nothing arriving
     * (short poll: one per interval; long poll: one per wait; a push: none), and that times a request's CPU.
     *
     * @param idleRequestsPerClientPerS predicted requests per second per idle client
     * @param requestCpuMs              the CPU of one request it is priced at, ms (NaN when not measured)
     * @param idleCpuMsPerClientPerS    predicted idle CPU per client, ms per second (NaN when not priced)
     * @param basis                     where the figures come from, in words
     */
    public record Theory(double idleRequestsPerClientPerS, double requestCpuMs, double idleCpuMsPerClientPerS,
                         String basis) {
    }

    /** The fit of server CPU, or null when the sweep had none. */
    public Fitted cpu() {
        return fits.get(CPU);
    }
}

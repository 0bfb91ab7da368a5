package deliverybench.shard;

import deliverybench.measure.MetricValues;
import deliverybench.measure.Saturation;
import deliverybench.metric.Metric;
import deliverybench.results.StrategyResult;
import org.HdrHistogram.Histogram;

import java.util.List;

/**
 * How each metric of the shards' results becomes the whole run's: counts and rates add up (the ledgers are disjoint,
 * a user lives in one shard, so their union's loss, duplicates and reordering are the sums), latencies are read off
 * the added histograms, the server's own counters are the first shard's reading (every shard reads the same server
 * over the same window), and the driver's worst cases are the worst shard's.
 */
public final class MetricMerge {

    /** What the merge does with a metric. */
    public enum Rule {
        /** Added over the shards: the ledgers' counts, the rates, the drivers' CPU and threads. */
        SUM,
        /** Read again off the added histograms. */
        HISTOGRAM,
        /** The server's own counters, the same server over the same window in every shard: the first shard's. */
        SERVER,
        /** The worst shard's (a driver's backlog, its pacer's lag: a driver's own, not logged as a histogram). */
        MAX,
        /** A mean per message or per device: the shards' values weighted by their share ({@link #weight}). */
        WEIGHTED,
        /** Computed again from the merged metrics. */
        DERIVED
    }

    private MetricMerge() {
    }

    /** Every metric's rule; a new metric does not compile until it has one. */
    public static Rule rule(Metric metric) {
        return switch (metric) {
            case SCHEDULED, SENT, SEND_ERRORS, NOT_SENT, DELIVERED, EXPECTED_DELIVERIES, LOST, LOST_TO_RESTART, LATE,
                    LOST_IN_FAILOVER, FAILOVER_SEND_ERRORS, FAILOVER_DELAYED,
                    UNDELIVERED_AT_CUTOFF, DUPLICATES, OUT_OF_ORDER, RECONNECTS, HEARTBEATS, DEAD_FOUND_BY_HEARTBEAT,
                    DEAD_WAITED, GONE, RECEIVER_ERRORS, RECORDED, RESENT_TO_DEVICE, DELIVERED_PER_SECOND, SEND_RATE_ASKED,
                    SEND_RATE_ACHIEVED, DRIVER_CPU_PERCENT, DRIVER_CPU_US_PER_MESSAGE, DRIVER_PROCESS_CPU_US_PER_MESSAGE,
                    DRIVER_THREADS, DRIVER_CORES, RADIO_DEVICES -> Rule.SUM;
            case LATENCY_P50_US, LATENCY_P90_US, LATENCY_P99_US, LATENCY_P999_US, LATENCY_MAX_US, LATENCY_MEAN_US,
                    UNCORRECTED_LATENCY_P50_US, UNCORRECTED_LATENCY_P90_US, UNCORRECTED_LATENCY_P99_US,
                    UNCORRECTED_LATENCY_P999_US, UNCORRECTED_LATENCY_MAX_US, UNCORRECTED_LATENCY_MEAN_US,
                    DRIVER_SEND_DELAY_P50_US, DRIVER_SEND_DELAY_P99_US, DRIVER_SEND_DELAY_MAX_US, SEND_ANSWER_P50_US,
                    SEND_ANSWER_P99_US -> Rule.HISTOGRAM;
            case SERVER_MESSAGES_DELIVERED, SERVER_REQUESTS_PER_SECOND, EMPTY_RESPONSES, WASTED_RATIO,
                    REQUESTS_PER_MESSAGE, BYTES_PER_MESSAGE, TLS_BYTES_PER_MESSAGE, TLS_FULL_HANDSHAKES,
                    TLS_RESUMED_HANDSHAKES, STORE_READS_PER_MESSAGE, SERVER_CPU_US_PER_MESSAGE, SERVER_JIT_US_PER_MESSAGE,
                    SERVER_GC_US_PER_MESSAGE, SERVER_PROCESS_CPU_US_PER_MESSAGE, SERVER_CPU_PERCENT, SERVER_CORES,
                    SERVER_THREADS, SERVER_HEAP_BYTES, SERVER_HEAP_PEAK_BYTES, SERVER_OPEN_CONNECTIONS,
                    SERVER_UNACKED_MESSAGES, SEND_BYTES_PER_MESSAGE, SEND_TLS_BYTES_PER_MESSAGE, GATEWAYS,
                    CROSS_GATEWAY_SHARE, REDIS_COMMANDS_PER_MESSAGE, REDIS_BYTES_PER_MESSAGE, REDIS_CPU_US_PER_MESSAGE, REDIS_SHARDS,
                    REDIS_BUSIEST_SHARD_SHARE, REDIS_BUS_PUBLISHES_PER_MESSAGE,
                    ROUTED_PER_MESSAGE, ROUTED_DROPPED_RATIO, PRESENCE_ENTRIES, PRESENCE_UPKEEP_PER_SECOND,
                    CAPACITY_MSG_PER_S, CAPACITY_DELIVERED_PER_S, DRIVER_LIMITED_AT, RADIO_THEORY_J_PER_HOUR,
                    RADIO_WINDOW_PERIODS -> Rule.SERVER;
            case WARMUP_MS, DRAIN_MS, SEND_BACKLOG_MAX, DRIVER_LAG_P99_US, DRIVER_LAG_MAX_US, DEAD_WAIT_MAX_US,
                    FAILOVER_RECOVERY_US -> Rule.MAX;
            case HEARTBEATS_PER_DEVICE_HOUR, DEAD_WAIT_MEAN_US, PAYLOAD_BYTES_PER_MESSAGE, RADIO_ON_S_PER_HOUR,
                    RADIO_ENERGY_J_PER_HOUR, RADIO_PROMOTIONS_PER_HOUR, RADIO_BYTES_PER_HOUR,
                    RADIO_BATTERY_PERCENT_PER_DAY -> Rule.WEIGHTED;
            case LATENCY_P50_FLOOR_MULTIPLE, LATENCY_P99_FLOOR_MULTIPLE, OVERHEAD_BYTES_PER_MESSAGE,
                    DRIVER_SHARE_OF_P99_PERCENT -> Rule.DERIVED;
        };
    }

    /** What a {@link Rule#WEIGHTED} metric's shards are weighted by: the count its mean is over. */
    static Metric weight(Metric metric) {
        return switch (metric) {
            case DEAD_WAIT_MEAN_US -> Metric.DEAD_WAITED;
            case PAYLOAD_BYTES_PER_MESSAGE -> Metric.DELIVERED;
            case RADIO_ON_S_PER_HOUR, RADIO_ENERGY_J_PER_HOUR, RADIO_PROMOTIONS_PER_HOUR, RADIO_BYTES_PER_HOUR,
                    RADIO_BATTERY_PERCENT_PER_DAY -> Metric.RADIO_DEVICES;
            // A shard's users, hence its devices, are in proportion to what it was sent.
            default -> Metric.EXPECTED_DELIVERIES;
        };
    }

    /**
     * The whole run's result from its shards' and their added histograms.
     *
     * @param floorUs     the loopback floor's TCP ping p50 (NaN when not measured)
     * @param sharedCores whether the server and the drivers may share a core
     * @param machineCores the machine's cores, for the saturation verdict
     */
    public static StrategyResult merge(String label, List<StrategyResult> shards, ShardHistograms histograms,
                                       double floorUs, boolean sharedCores, int machineCores) {
        MetricValues merged = new MetricValues();
        for (Metric metric : Metric.values()) {
            double value = switch (rule(metric)) {
                case SUM -> fold(shards, metric, 0, Double::sum);
                case SERVER -> shards.get(0).get(metric);
                case MAX -> fold(shards, metric, Double.NEGATIVE_INFINITY, Math::max);
                case WEIGHTED -> weighted(shards, metric, weight(metric));
                case HISTOGRAM, DERIVED -> Double.NaN;
            };
            if (!Double.isNaN(value) && !Double.isInfinite(value)) {
                merged.put(metric, value);
            }
        }
        Histogram corrected = histograms.total("corrected");
        Histogram sendDelay = histograms.total("send_delay");
        merged.corrected(corrected).uncorrected(histograms.total("uncorrected"));
        merged.put(Metric.DRIVER_SEND_DELAY_P50_US, MetricValues.us(sendDelay.getValueAtPercentile(50)))
                .put(Metric.DRIVER_SEND_DELAY_P99_US, MetricValues.us(sendDelay.getValueAtPercentile(99)))
                .put(Metric.DRIVER_SEND_DELAY_MAX_US, MetricValues.us(sendDelay.getMaxValue()));
        double p99Us = merged.get(Metric.LATENCY_P99_US);
        merged.put(Metric.LATENCY_P50_FLOOR_MULTIPLE, merged.get(Metric.LATENCY_P50_US) / floorUs)
                .put(Metric.LATENCY_P99_FLOOR_MULTIPLE, p99Us / floorUs)
                .put(Metric.OVERHEAD_BYTES_PER_MESSAGE, merged.get(Metric.BYTES_PER_MESSAGE)
                        - merged.get(Metric.PAYLOAD_BYTES_PER_MESSAGE))
                .put(Metric.DRIVER_SHARE_OF_P99_PERCENT, p99Us > 0 && sendDelay.getTotalCount() > 0
                        ? Math.min(100, 100 * merged.get(Metric.DRIVER_SEND_DELAY_P99_US) / p99Us) : Double.NaN);
        Saturation.Limit limit = Saturation.of(merged, sharedCores, machineCores);
        return StrategyResult.of(label, limit.label(), merged.byKey());
    }

    private static double fold(List<StrategyResult> shards, Metric metric, double start,
                               java.util.function.DoubleBinaryOperator op) {
        double out = start;
        boolean any = false;
        for (StrategyResult shard : shards) {
            double value = shard.get(metric);
            if (!Double.isNaN(value)) {
                out = op.applyAsDouble(out, value);
                any = true;
            }
        }
        return any ? out : Double.NaN;
    }

    private static double weighted(List<StrategyResult> shards, Metric metric, Metric by) {
        double sum = 0;
        double weights = 0;
        for (StrategyResult shard : shards) {
            double value = shard.get(metric);
            double weight = shard.get(by);
            if (!Double.isNaN(value) && !Double.isNaN(weight)) {
                sum += value * weight;
                weights += weight;
            }
        }
        return weights == 0 ? fold(shards, metric, 0, Double::sum) / shards.size() : sum / weights;
    }
}

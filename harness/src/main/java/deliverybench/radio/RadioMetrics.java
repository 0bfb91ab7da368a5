package deliverybench.radio;

import deliverybench.measure.MetricValues;
import deliverybench.metric.Metric;
import deliverybench.options.WorkloadOptions;
import deliverybench.strategy.Wakeups;

import java.util.ArrayList;
import java.util.List;

/** A strategy's radio rows: the model run on every sampled device over the measured window, as one device's mean. */
public final class RadioMetrics {

    private RadioMetrics() {
    }

    /** Every sampled device's usage over [fromS, toS) on the recorder's clock. */
    public static RadioUsage usage(RadioModel model, RadioRecorder recorder, double fromS, double toS) {
        List<RadioUsage> usages = new ArrayList<>();
        for (int d = 0; d < recorder.devices(); d++) {
            usages.add(model.usage(recorder.transfers(d), fromS, toS));
        }
        return RadioUsage.mean(usages);
    }

    public static void put(MetricValues metrics, RadioUsage usage, int devices, double windowS, double slowestPeriodS) {
        metrics.put(Metric.RADIO_ON_S_PER_HOUR, usage.radioOnSPerHour())
                .put(Metric.RADIO_ENERGY_J_PER_HOUR, usage.energyJPerHour())
                .put(Metric.RADIO_PROMOTIONS_PER_HOUR, usage.promotionsPerHour())
                .put(Metric.RADIO_BYTES_PER_HOUR, usage.bytesPerHour())
                .put(Metric.RADIO_BATTERY_PERCENT_PER_DAY, usage.batteryPercentPerDay())
                .put(Metric.RADIO_DEVICES, devices)
                .put(Metric.RADIO_WINDOW_PERIODS, slowestPeriodS > 0 ? windowS / slowestPeriodS
                        : Double.NaN);
    }

    /**
     * The slowest periodic event a device sees, from the strategy's own {@link Wakeups}: the mean time between its
     * messages, or its schedule's period (a short poll's interval, a heartbeat's) when longer. A long poll's wait and
     * a stream's keep-alive end only when no message came first, so they count only without messages; 0 when nothing
     * is periodic.
     */
    public static double slowestPeriodS(Wakeups wakeups, WorkloadOptions workload) {
        double perDevicePerS = workload.ratePerSecond() * workload.fanout() / workload.clients();
        double messagesS = perDevicePerS > 0 ? 1 / perDevicePerS : 0;
        return Math.max(wakeups.everyS(), messagesS > 0 ? messagesS : wakeups.silenceS());
    }
}

package deliverybench.radio;

/** What a model says one device's radio did over a window: energy, time out of idle, promotions and bytes. */
public record RadioUsage(double energyJ, double radioOnS, long promotions, long bytes, double windowS) {

    public static final double BATTERY_WH = 15;

    private double perHour(double value) {
        return windowS <= 0 ? Double.NaN : value * 3600 / windowS;
    }

    public double energyJPerHour() {
        return perHour(energyJ);
    }

    public double radioOnSPerHour() {
        return perHour(radioOnS);
    }

    public double promotionsPerHour() {
        return perHour(promotions);
    }

    public double bytesPerHour() {
        return perHour(bytes);
    }

    /** The share of a 15 Wh battery (54 kJ) this radio would drain in 24 hours at this window's rate. */
    public double batteryPercentPerDay() {
        return 100 * energyJPerHour() * 24 / (BATTERY_WH * 3600);
    }

    /** Several devices' usage as one device's mean. */
    public static RadioUsage mean(java.util.List<RadioUsage> usages) {
        if (usages.isEmpty()) {
            return new RadioUsage(Double.NaN, Double.NaN, 0, 0, 0);
        }
        double energy = 0, on = 0, window = 0;
        long promotions = 0, bytes = 0;
        for (RadioUsage u : usages) {
            energy += u.energyJ;
            on += u.radioOnS;
            promotions += u.promotions;
            bytes += u.bytes;
            window += u.windowS;
        }
        // Sums over sums: per device-hour, each device weighted by its window.
        return new RadioUsage(energy, on, promotions, bytes, window);
    }
}

package deliverybench.radio;

/**
 * A model's walk through its states, clipped to a window: each span's energy at its state's power, the radio's
 * time out of idle, and the promotions and data that start inside the window.
 */
final class Ledger {

    private final double fromS;
    private final double toS;
    private double energyJ;
    private double onS;
    private long promotions;
    private long bytes;

    Ledger(double fromS, double toS) {
        this.fromS = fromS;
        this.toS = toS;
    }

    void span(double startS, double endS, double watts, boolean on) {
        double overlap = Math.min(endS, toS) - Math.max(startS, fromS);
        if (overlap > 0) {
            energyJ += watts * overlap;
            if (on) {
                onS += overlap;
            }
        }
    }

    boolean inside(double atS) {
        return atS >= fromS && atS < toS;
    }

    void promotion(double atS) {
        if (inside(atS)) {
            promotions++;
        }
    }

    void data(double atS, long size, double joules) {
        if (inside(atS)) {
            bytes += size;
            energyJ += joules;
        }
    }

    RadioUsage usage() {
        return new RadioUsage(energyJ, onS, promotions, bytes, toS - fromS);
    }
}

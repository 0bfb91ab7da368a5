package deliverybench.radio;

import java.util.List;

/**
 * UMTS's RRC machine as Qian et al. (IMC 2010) characterise it and AT&T's ARO computes it: IDLE, a promotion to
 * DCH, DCH until its inactivity timer, FACH (where a burst under the RLC buffer threshold is sent without a
 * promotion) until its own timer, then IDLE; power by state only (the 3G profile has no throughput terms).
 */
final class UmtsModel implements RadioModel {

    /** The data file's numbers; names follow ARO's i997.conf keys. */
    record Parameters(double dchFachTimerS, double fachIdleTimerS, double idleDchPromotionS, double fachDchPromotionS,
                      long rlcUpThresholdBytes, long rlcDownThresholdBytes, double dchW, double fachW, double idleW,
                      double idleDchPromotionW, double fachDchPromotionW) {
    }

    private enum Mode { IDLE, IDLE_TO_DCH, FACH_TO_DCH, DCH, FACH }

    private final String name;
    private final String description;
    private final Parameters p;

    UmtsModel(String name, String description, Parameters parameters) {
        this.name = name;
        this.description = description;
        this.p = parameters;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public double tailS() {
        return p.dchFachTimerS() + p.fachIdleTimerS();
    }

    private double watts(Mode mode) {
        return switch (mode) {
            case IDLE -> p.idleW();
            case IDLE_TO_DCH -> p.idleDchPromotionW();
            case FACH_TO_DCH -> p.fachDchPromotionW();
            case DCH -> p.dchW();
            case FACH -> p.fachW();
        };
    }

    @Override
    public RadioUsage usage(List<Transfer> transfers, double fromS, double toS) {
        Walk walk = new Walk(new Ledger(fromS, toS), transfers.isEmpty() ? fromS : Math.min(fromS, transfers.get(0).atS()));
        for (Transfer transfer : transfers) {
            walk.transfer(transfer);
        }
        walk.advance(toS);
        return walk.ledger.usage();
    }

    @Override
    public String stateAt(List<Transfer> transfers, double atS) {
        Walk walk = new Walk(new Ledger(atS, atS), transfers.isEmpty() ? atS : Math.min(atS, transfers.get(0).atS()));
        for (Transfer transfer : transfers) {
            if (transfer.atS() > atS) {
                break;
            }
            walk.transfer(transfer);
        }
        walk.advance(atS);
        return switch (walk.mode) {
            case IDLE -> "idle";
            case IDLE_TO_DCH, FACH_TO_DCH -> "promotion";
            case DCH -> "connected";
            case FACH -> "tail";
        };
    }

    private final class Walk {
        final Ledger ledger;
        Mode mode = Mode.IDLE;
        double cursorS;
        double promotionEndS;
        double dchLastS;
        double fachLastS;

        Walk(Ledger ledger, double startS) {
            this.ledger = ledger;
            this.cursorS = startS;
        }

        private double until() {
            return switch (mode) {
                case IDLE -> Double.POSITIVE_INFINITY;
                case IDLE_TO_DCH, FACH_TO_DCH -> promotionEndS;
                case DCH -> dchLastS + p.dchFachTimerS();
                case FACH -> fachLastS + p.fachIdleTimerS();
            };
        }

        void advance(double toS) {
            while (cursorS < toS) {
                double until = until();
                double end = Math.min(until, toS);
                ledger.span(cursorS, end, watts(mode), mode != Mode.IDLE);
                cursorS = end;
                if (end == until) {
                    switch (mode) {
                        case IDLE_TO_DCH, FACH_TO_DCH -> {
                            mode = Mode.DCH;
                            dchLastS = promotionEndS;
                        }
                        case DCH -> {
                            mode = Mode.FACH;
                            fachLastS = until;
                        }
                        default -> mode = Mode.IDLE;
                    }
                }
            }
        }

        void transfer(Transfer t) {
            advance(t.atS());
            switch (mode) {
                case IDLE -> promote(Mode.IDLE_TO_DCH, t.atS() + p.idleDchPromotionS(), t.atS());
                // Served in DCH when the promotion ends.
                case IDLE_TO_DCH, FACH_TO_DCH -> { }
                case DCH -> dchLastS = t.atS();
                case FACH -> {
                    long threshold = t.up() ? p.rlcUpThresholdBytes() : p.rlcDownThresholdBytes();
                    if (t.bytes() <= threshold) {
                        fachLastS = t.atS();
                    } else {
                        promote(Mode.FACH_TO_DCH, t.atS() + p.fachDchPromotionS(), t.atS());
                    }
                }
            }
            ledger.data(t.atS(), t.bytes(), 0);
        }

        private void promote(Mode to, double endS, double atS) {
            mode = to;
            promotionEndS = endS;
            ledger.promotion(atS);
        }
    }
}

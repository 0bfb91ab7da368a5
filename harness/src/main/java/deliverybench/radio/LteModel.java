package deliverybench.radio;

import java.util.List;

/**
 * LTE's RRC machine as Huang et al. (MobiSys 2012) model it and AT&T's ARO computes it: RRC_IDLE with paging
 * wake-ups, a promotion, continuous reception at {@code beta} plus the throughput terms, then short and long DRX
 * (the tail), then idle again.
 */
final class LteModel implements RadioModel {

    /** The data file's numbers; names follow ARO's lte.conf keys. */
    record Parameters(double promotionS, double promotionW, double inactivityTimerS, double shortDrxS, double longDrxS,
                      double drxPingS, double shortDrxPeriodS, double longDrxPeriodS, double shortDrxPingW,
                      double longDrxPingW, double tailW, double idlePingS, double idlePingPeriodS, double idlePingW,
                      double idleW, double alphaUpMwPerMbps, double alphaDownMwPerMbps, double betaW) {
    }

    private enum Mode { IDLE, PROMOTION, CONNECTED, SHORT_DRX, LONG_DRX }

    private final String name;
    private final String description;
    private final Parameters p;

    LteModel(String name, String description, Parameters parameters) {
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
        return p.inactivityTimerS() + p.shortDrxS() + p.longDrxS();
    }

    /** Mean power of a state that wakes for {@code pingS} at {@code pingW} every {@code periodS}, else draws {@code restW}. */
    static double duty(double pingS, double pingW, double periodS, double restW) {
        return (pingS * pingW + (periodS - pingS) * restW) / periodS;
    }

    private double watts(Mode mode) {
        return switch (mode) {
            case IDLE -> duty(p.idlePingS(), p.idlePingW(), p.idlePingPeriodS(), p.idleW());
            case PROMOTION -> p.promotionW();
            case CONNECTED -> p.betaW();
            case SHORT_DRX -> duty(p.drxPingS(), p.shortDrxPingW(), p.shortDrxPeriodS(), p.tailW());
            case LONG_DRX -> duty(p.drxPingS(), p.longDrxPingW(), p.longDrxPeriodS(), p.tailW());
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
            case PROMOTION -> "promotion";
            case CONNECTED -> "connected";
            case SHORT_DRX, LONG_DRX -> "tail";
        };
    }

    /** One pass through the transfers: the current state, when it started counting, and the spans so far. */
    private final class Walk {
        final Ledger ledger;
        Mode mode = Mode.IDLE;
        double cursorS;
        double promotionEndS;
        double lastS;

        Walk(Ledger ledger, double startS) {
            this.ledger = ledger;
            this.cursorS = startS;
        }

        private double until() {
            return switch (mode) {
                case IDLE -> Double.POSITIVE_INFINITY;
                case PROMOTION -> promotionEndS;
                case CONNECTED -> lastS + p.inactivityTimerS();
                case SHORT_DRX -> lastS + p.inactivityTimerS() + p.shortDrxS();
                case LONG_DRX -> lastS + tailS();
            };
        }

        void advance(double toS) {
            while (cursorS < toS) {
                double until = until();
                double end = Math.min(until, toS);
                ledger.span(cursorS, end, watts(mode), mode != Mode.IDLE);
                cursorS = end;
                if (end == until) {
                    if (mode == Mode.PROMOTION) {
                        lastS = promotionEndS;
                    }
                    mode = Mode.values()[(mode.ordinal() + 1) % Mode.values().length];
                }
            }
        }

        void transfer(Transfer t) {
            advance(t.atS());
            switch (mode) {
                case IDLE -> {
                    mode = Mode.PROMOTION;
                    promotionEndS = t.atS() + p.promotionS();
                    ledger.promotion(t.atS());
                }
                // Bytes that come during the promotion wait for it: they are served at its end.
                case PROMOTION -> { }
                default -> {
                    mode = Mode.CONNECTED;
                    lastS = t.atS();
                }
            }
            double alphaWPerMbps = (t.up() ? p.alphaUpMwPerMbps() : p.alphaDownMwPerMbps()) / 1000;
            // The paper's alpha x throughput, integrated over the transfer: alpha (W per Mbit/s) x Mbit.
            ledger.data(t.atS(), t.bytes(), alphaWPerMbps * t.bytes() * 8 / 1e6);
        }
    }
}

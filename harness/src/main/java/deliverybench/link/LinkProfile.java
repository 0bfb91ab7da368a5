package deliverybench.link;

import deliverybench.results.DurationText;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A network a device is on: round trip, jitter, each direction's rate and the segment loss, with where the
 * figures come from. A preset by name ({@link #PRESETS}) or custom: {@code rtt=80ms,jitter=10ms,down=10mbit,up=2mbit,loss=0.5%}.
 */
public record LinkProfile(String name, long rttNs, long jitterNs, long downBitsPerSecond, long upBitsPerSecond,
                          double loss, String source) {

    private static final long MS = 1_000_000L;
    private static final Pattern RATE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(bit|kbit|mbit|gbit)");

    /** The named profiles; docs/network.md says what each source measured. */
    public static final Map<String, LinkProfile> PRESETS = presets();

    private static Map<String, LinkProfile> presets() {
        Map<String, LinkProfile> all = new LinkedHashMap<>();
        for (LinkProfile p : new LinkProfile[]{
                new LinkProfile("loopback", 0, 0, 0, 0, 0, "none: the layer with nothing to emulate (its own cost)"),
                new LinkProfile("wifi", 20 * MS, 5 * MS, 50_000_000, 20_000_000, 0.001,
                        "Sommers & Barford, Cell vs. WiFi: On the Performance of Metro Area Mobile Connections, IMC 2012"),
                new LinkProfile("lte", 70 * MS, 10 * MS, 13_000_000, 6_000_000, 0.001,
                        "Huang et al., A Close Examination of Performance and Power Characteristics of 4G LTE Networks, MobiSys 2012"),
                new LinkProfile("3g", 200 * MS, 40 * MS, 1_500_000, 500_000, 0.005,
                        "Huang et al., MobiSys 2012 (their 3G comparison)"),
                new LinkProfile("edge", 500 * MS, 100 * MS, 200_000, 100_000, 0.01,
                        "3GPP GERAN EDGE (EGPRS) class figures"),
                new LinkProfile("satellite", 600 * MS, 20 * MS, 10_000_000, 2_000_000, 0.005,
                        "Huston, Testing LEO and GEO satellite services in Australia, APNIC blog 2022 (GEO RTT about 600 ms)"),
                new LinkProfile("starlink", 50 * MS, 15 * MS, 100_000_000, 10_000_000, 0.005,
                        "Fact checking Starlink's performance figures, APNIC blog 2022 (median RTT about 50 ms in Belgium)")}) {
            all.put(p.name(), p);
        }
        return Map.copyOf(all);
    }

    public LinkProfile {
        if (rttNs < 0 || jitterNs < 0 || downBitsPerSecond < 0 || upBitsPerSecond < 0) {
            throw new IllegalArgumentException("a link's delays and rates are not negative");
        }
        if (!(loss >= 0 && loss < 1)) {
            throw new IllegalArgumentException("a link's loss is a fraction below 1, e.g. 0.5%: " + loss);
        }
    }

    /** A preset's name, or {@code rtt=..,jitter=..,down=..,up=..,loss=..} (any subset; the rest 0, no limit, no loss). */
    public static LinkProfile parse(String text) {
        String spec = text.trim().toLowerCase(Locale.ROOT);
        LinkProfile preset = PRESETS.get(spec);
        if (preset != null) {
            return preset;
        }
        if (!spec.contains("=")) {
            throw new IllegalArgumentException("unknown network '" + text + "': one of " + String.join(", ", names())
                    + ", or rtt=80ms,jitter=10ms,down=10mbit,up=2mbit,loss=0.5%");
        }
        long rtt = 0;
        long jitter = 0;
        long down = 0;
        long up = 0;
        double loss = 0;
        for (String part : spec.split(",")) {
            String[] kv = part.split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("'" + part + "' in --network is not key=value");
            }
            String value = kv[1].trim();
            switch (kv[0].trim()) {
                case "rtt" -> rtt = DurationText.parse(value).toNanos();
                case "jitter" -> jitter = DurationText.parse(value).toNanos();
                case "down" -> down = rate(value);
                case "up" -> up = rate(value);
                case "loss" -> loss = fraction(value);
                default -> throw new IllegalArgumentException("--network knows rtt, jitter, down, up and loss, not '" + kv[0] + "'");
            }
        }
        return new LinkProfile(spec, rtt, jitter, down, up, loss, "custom");
    }

    public static java.util.List<String> names() {
        return PRESETS.values().stream().map(LinkProfile::name).sorted().toList();
    }

    static long rate(String text) {
        Matcher m = RATE.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a rate: use 500kbit, 10mbit or 1gbit");
        }
        double n = Double.parseDouble(m.group(1));
        double scale = switch (m.group(2)) {
            case "kbit" -> 1e3;
            case "mbit" -> 1e6;
            case "gbit" -> 1e9;
            default -> 1;
        };
        return (long) (n * scale);
    }

    static double fraction(String text) {
        try {
            return text.endsWith("%") ? Double.parseDouble(text.substring(0, text.length() - 1)) / 100
                    : Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a loss: use 0.5% or 0.005");
        }
    }

    public long oneWayNs() {
        return rttNs / 2;
    }

    /** The device-to-server direction. */
    public LinkDirection up(java.util.random.RandomGenerator random) {
        return new LinkDirection(upBitsPerSecond, oneWayNs(), jitterNs / 2, loss, rttNs, random);
    }

    /** The server-to-device direction. */
    public LinkDirection down(java.util.random.RandomGenerator random) {
        return new LinkDirection(downBitsPerSecond, rttNs - oneWayNs(), jitterNs / 2, loss, rttNs, random);
    }

    /** What the theory counts for a message sent over {@code sender} to a receiver on {@code receivers}. */
    public static deliverybench.strategy.Transits transits(LinkProfile receivers, LinkProfile sender) {
        double up = sender.oneWayNs() / 1e3;
        double down = (receivers.rttNs() - receivers.oneWayNs()) / 1e3;
        double jitter = (receivers.jitterNs() + sender.jitterNs()) / 2e3;
        boolean lossy = receivers.loss() > 0 || sender.loss() > 0;
        double rto = lossy ? Math.max(receivers.up(new java.util.SplittableRandom(0)).rtoNs(),
                sender.up(new java.util.SplittableRandom(0)).rtoNs()) / 1e3 : 0;
        return new deliverybench.strategy.Transits(up, down, jitter, rto);
    }

    /** For titles: the name and, for a preset, nothing more; for custom the figures are the name. */
    @Override
    public String toString() {
        return name;
    }
}

// Radio energy per device-hour against the poll interval and against the per-user message rate, with the crossover
// rate at which WebSocket with a heartbeat costs what short poll at 30 s costs.
//
// usage: RADIO=lte RUNS="results/runs/A results/runs/B ..." OUT=docs/battery-sweep-lte.png \
//            jshell --class-path harness/target/deliverybench.jar bench/battery-sweep.jsh
// Lines are THEORY: the jar's own RadioTheory (the ideal timeline each strategy's Wakeups imply, through the same
// model as run --radio). Points are MEASURED: run.json of each run folder in RUNS made with that --radio model.
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import deliverybench.client.heartbeat.HeartbeatPolicy;
import deliverybench.options.RunOptions;
import deliverybench.options.WorkloadOptions;
import deliverybench.radio.RadioModel;
import deliverybench.radio.RadioTheory;
import deliverybench.strategy.Strategies;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.*;

String radio = Optional.ofNullable(System.getenv("RADIO")).orElse("lte");
String out = Optional.ofNullable(System.getenv("OUT")).orElse("battery-sweep-" + radio + ".png");
RadioModel model = RadioModel.load(radio);
HeartbeatPolicy hb270 = HeartbeatPolicy.fixed(Duration.ofSeconds(270), Duration.ofSeconds(10));
int CLIENTS = 1000;

double theory(String strategy, double perUserPerHour, String pollInterval, HeartbeatPolicy hb) {
    WorkloadOptions w = RunOptions.parse("--clients", "" + CLIENTS, "--rate", "" + perUserPerHour * CLIENTS / 3600,
            "--poll-interval", pollInterval).workload();
    return RadioTheory.energyJPerHour(model, Strategies.byName(strategy).wakeups(w.shape(Double.NaN), hb), w, w.seed());
}

XYChart chart(String title, String x) {
    XYChart c = new XYChartBuilder().width(800).height(450).title(title).xAxisTitle(x)
            .yAxisTitle("radio energy, J per device-hour (" + radio + ")").build();
    c.getStyler().setXAxisLogarithmic(true);
    c.getStyler().setYAxisMin(0.0);
    return c;
}

void line(XYChart c, String name, List<Double> x, List<Double> y) {
    c.addSeries(name, x, y).setMarker(SeriesMarkers.NONE);
}

void points(XYChart c, String name, List<Double> x, List<Double> y) {
    if (!x.isEmpty()) {
        c.addSeries(name, x, y).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    }
}

// Against the per-user message rate (messages per user per hour).
List<Double> rates = new ArrayList<>();
for (double r = 1; r <= 3600; r *= 1.25) rates.add(r);
List<Double> sp30 = new ArrayList<>(), ws = new ArrayList<>(), wsHb = new ArrayList<>();
for (double r : rates) {
    sp30.add(theory("short-poll", r, "30s", HeartbeatPolicy.NONE));
    ws.add(theory("websocket", r, "30s", HeartbeatPolicy.NONE));
    wsHb.add(theory("websocket", r, "30s", hb270));
}
// The crossover: the least rate from which WebSocket with heartbeats costs no less than short poll at 30 s.
double crossover = Double.NaN;
for (double r = 1; r <= 3600 && Double.isNaN(crossover); r += 1) {
    if (theory("websocket", r, "30s", hb270) >= theory("short-poll", r, "30s", HeartbeatPolicy.NONE)) crossover = r;
}
System.out.printf("%s theory: short poll at 30 s %.0f J/h; websocket + 270 s heartbeat costs as much from %.0f messages per user-hour (one every %.1f s)%n",
        radio, sp30.get(0), crossover, 3600 / crossover);
for (int i = 0; i < rates.size(); i += 6)
    System.out.printf("  %7.1f msg/user-h: short poll 30 s %5.0f, websocket %5.0f, websocket + 270 s heartbeat %5.0f J/h%n",
            rates.get(i), sp30.get(i), ws.get(i), wsHb.get(i));

// Against the poll interval (short poll; its messages ride the polls, so the rate does not matter).
List<Double> intervals = List.of(1.0, 2.0, 5.0, 10.0, 15.0, 20.0, 30.0, 60.0, 120.0, 300.0, 600.0);
List<Double> spByInterval = new ArrayList<>();
for (double s : intervals) spByInterval.add(theory("short-poll", 18, (long) s + "s", HeartbeatPolicy.NONE));
for (int i = 0; i < intervals.size(); i++) System.out.printf("  short poll every %4.0f s: %5.0f J/h%n", intervals.get(i), spByInterval.get(i));

// Measured points from the run folders.
ObjectMapper json = new ObjectMapper();
List<Double> mSpX = new ArrayList<>(), mSpY = new ArrayList<>(), mIntX = new ArrayList<>(), mIntY = new ArrayList<>();
List<Double> mWsX = new ArrayList<>(), mWsY = new ArrayList<>(), mWsHbX = new ArrayList<>(), mWsHbY = new ArrayList<>();
for (String dir : Optional.ofNullable(System.getenv("RUNS")).orElse("").trim().split("\\s+")) {
    if (dir.isEmpty()) continue;
    JsonNode run = json.readTree(Files.readString(Path.of(dir, "run.json")));
    JsonNode conf = run.path("configuration");
    if (!radio.equals(conf.path("radio").path("radio").asText())) continue;
    JsonNode work = conf.path("workload");
    double perUserPerHour = work.path("rate").asDouble() * work.path("fanout").asDouble() / work.path("clients").asDouble() * 3600;
    String heartbeat = conf.path("network").path("heartbeat").asText("");
    double intervalS = Duration.parse("PT" + work.path("poll_interval").asText().toUpperCase()).toMillis() / 1000.0;
    for (JsonNode s : run.path("strategies")) {
        double j = s.path("metrics").path("radio_energy_j_per_device_hour").asDouble(Double.NaN);
        String name = s.path("strategy").asText();
        System.out.printf("  measured %s: %s at %.1f msg/user-h, poll %.0f s, heartbeat %s: %.0f J/h%n", dir, name, perUserPerHour, intervalS, heartbeat.isEmpty() ? "none" : heartbeat, j);
        if (name.equals("short-poll")) {
            mIntX.add(intervalS); mIntY.add(j);
            if (intervalS == 30) { mSpX.add(perUserPerHour); mSpY.add(j); }
        } else if (name.equals("websocket") && heartbeat.equals("270s")) { mWsHbX.add(perUserPerHour); mWsHbY.add(j); }
        else if (name.equals("websocket") && heartbeat.isEmpty()) { mWsX.add(perUserPerHour); mWsY.add(j); }
    }
}

XYChart byRate = chart("Against the message rate (lines: theory; points: measured)", "messages per user per hour (log)");
line(byRate, "theory: short poll every 30 s", rates, sp30);
line(byRate, "theory: websocket, no heartbeat", rates, ws);
line(byRate, "theory: websocket + 270 s heartbeat", rates, wsHb);
points(byRate, "measured: short poll every 30 s", mSpX, mSpY);
points(byRate, "measured: websocket, no heartbeat", mWsX, mWsY);
points(byRate, "measured: websocket + 270 s heartbeat", mWsHbX, mWsHbY);
XYChart byInterval = chart("Against the poll interval (lines: theory; points: measured)", "poll interval, s (log)");
line(byInterval, "theory: short poll", intervals, spByInterval);
// Push does not poll: websocket with its heartbeat is flat against the interval, at a message rate per user.
for (double r : List.of(18.0, 180.0)) {
    double j = theory("websocket", r, "30s", hb270);
    line(byInterval, String.format("theory: websocket + 270 s heartbeat, %.0f msg/user-h", r), intervals, Collections.nCopies(intervals.size(), j));
}
points(byInterval, "measured: short poll", mIntX, mIntY);
BitmapEncoder.saveBitmap(List.of(byRate, byInterval), 2, 1, out, BitmapEncoder.BitmapFormat.PNG);
System.out.println("wrote " + out);
/exit

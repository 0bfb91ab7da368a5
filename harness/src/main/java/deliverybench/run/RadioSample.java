package deliverybench.run;

import deliverybench.radio.RadioRecorder;
import deliverybench.run.server.ServerTarget;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * run --radio: the first devices of a strategy run, each on link listeners of its own, so the relay knows whose
 * bytes it moves and tells the recorder; the other devices connect as they would without --radio.
 */
final class RadioSample implements AutoCloseable {

    private final EmulatedNetwork network;
    private final ServerTarget target;
    private final RadioRecorder recorder;
    private final Map<Integer, ServerTarget> targets = new HashMap<>();
    private final List<InetSocketAddress> listeners = new ArrayList<>();

    RadioSample(EmulatedNetwork network, ServerTarget target, int devices) {
        this.network = network;
        this.target = target;
        this.recorder = new RadioRecorder(devices, System.nanoTime());
    }

    RadioRecorder recorder() {
        return recorder;
    }

    boolean sampled(int device) {
        return device < recorder.devices();
    }

    /** Where sampled device {@code device} connects: the server behind listeners of its own. */
    synchronized ServerTarget target(int device) throws IOException {
        ServerTarget at = targets.get(device);
        if (at == null) {
            at = network.device(target, recorder.tap(device), listeners);
            targets.put(device, at);
        }
        return at;
    }

    @Override
    public synchronized void close() {
        for (InetSocketAddress listener : listeners) {
            network.relay().stopListening(listener);
        }
        listeners.clear();
    }
}

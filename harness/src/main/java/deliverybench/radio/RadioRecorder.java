package deliverybench.radio;

import deliverybench.link.LinkTap;

import java.util.ArrayList;
import java.util.List;

/**
 * The phone-side timelines of a strategy's sampled devices: when bytes went up and came down, summed per
 * direction into {@value #BUCKET_MS} ms buckets. Only the sampled devices are recorded, so memory grows with
 * their traffic, not with the fleet.
 */
public final class RadioRecorder {

    /** Transfers this close together are one: far below any radio timer (LTE's shortest, DRX's 20 ms). */
    public static final int BUCKET_MS = 5;

    private final long originNs;
    private final List<DeviceTimeline> devices = new ArrayList<>();

    /** @param originNs the instant t_ms counts from (the driver's clock, System.nanoTime) */
    public RadioRecorder(int sampledDevices, long originNs) {
        this.originNs = originNs;
        for (int d = 0; d < sampledDevices; d++) {
            devices.add(new DeviceTimeline());
        }
    }

    public int devices() {
        return devices.size();
    }

    /** Seconds since the origin; how a window in driver nanoseconds is put on the timelines. */
    public double seconds(long nanoTime) {
        return (nanoTime - originNs) / 1e9;
    }

    public LinkTap tap(int device) {
        DeviceTimeline timeline = devices.get(device);
        return (up, bytes, nowNs) -> timeline.add((nowNs - originNs) / 1_000_000 / BUCKET_MS * BUCKET_MS, up, bytes);
    }

    /** Device {@code d}'s transfers so far, in time order. */
    public List<Transfer> transfers(int device) {
        return devices.get(device).transfers();
    }

    private static final class DeviceTimeline {
        private long[] entries = new long[48];
        private int size;

        // One entry per (bucket, direction): the time and direction packed, then the bytes.
        synchronized void add(long tMs, boolean up, long bytes) {
            long key = tMs << 1 | (up ? 1 : 0);
            for (int i = size - 2; i >= 0 && entries[i] >> 1 == tMs; i -= 2) {
                if (entries[i] == key) {
                    entries[i + 1] += bytes;
                    return;
                }
            }
            if (size == entries.length) {
                entries = java.util.Arrays.copyOf(entries, size * 2);
            }
            entries[size++] = key;
            entries[size++] = bytes;
        }

        synchronized List<Transfer> transfers() {
            List<Transfer> out = new ArrayList<>(size / 2);
            for (int i = 0; i < size; i += 2) {
                out.add(new Transfer((entries[i] >> 1) / 1000.0, (entries[i] & 1) == 1, entries[i + 1]));
            }
            return out;
        }
    }
}

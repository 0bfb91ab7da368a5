package deliverybench.radio;

import deliverybench.link.LinkTap;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The recorder on scripted nanoseconds: one entry per device, bucket and direction. */
class RadioRecorderTest {

    private static final long ORIGIN_NS = 1_000_000_000L;

    private static long at(double ms) {
        return ORIGIN_NS + (long) (ms * 1_000_000);
    }

    @Test
    void bytesInOneBucketAndDirectionAreSummed() {
        RadioRecorder recorder = new RadioRecorder(2, ORIGIN_NS);
        LinkTap first = recorder.tap(0);
        first.moved(true, 100, at(1));
        first.moved(false, 300, at(2));
        first.moved(true, 50, at(4.9));
        first.moved(false, 20, at(5.1));
        recorder.tap(1).moved(false, 7, at(12_000));

        assertEquals(List.of(new Transfer(0, true, 150), new Transfer(0, false, 300), new Transfer(0.005, false, 20)),
                recorder.transfers(0));
        assertEquals(List.of(new Transfer(12, false, 7)), recorder.transfers(1));
        assertEquals(2.5, recorder.seconds(at(2500)), 1e-12);
    }
}

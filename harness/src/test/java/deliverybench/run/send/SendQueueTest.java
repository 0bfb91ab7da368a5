package deliverybench.run.send;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which lane the pacer wakes for a send: one, round robin over those with room, none when all are full. */
class SendQueueTest {

    @Test
    void wakesOneLaneAtATimeRoundRobinSkippingThoseWithoutRoom() {
        SendQueue<Integer> queue = new SendQueue<>();
        boolean[] room = {true, false, true, true};
        List<Integer> woken = new ArrayList<>();
        for (int send = 0; send < 6; send++) {
            woken.add(queue.laneWithRoom(room.length, i -> room[i]));
        }
        assertEquals(List.of(0, 2, 3, 0, 2, 3), woken);
        room[0] = room[2] = room[3] = false;
        assertEquals(-1, queue.laneWithRoom(room.length, i -> room[i]), "none has room: the sender wakes them all");
        room[1] = true;
        assertEquals(1, queue.laneWithRoom(room.length, i -> room[i]));
    }
}

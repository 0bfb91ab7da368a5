package deliverybench.schedule;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pacer's thread under the real-time scheduler, as the kernel reports it, or a clear word why not. */
class PacerPriorityTest {

    private static final int SCHED_OTHER = 0;
    private static final int SCHED_FIFO = 1;

    /** The scheduling policy of the calling thread: field 41 of its stat, counted after the command's parentheses. */
    private static int policy() throws Exception {
        String stat = Files.readString(Path.of("/proc/thread-self/stat"));
        String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(after[41 - 3]);
    }

    @Test
    void theThreadIdIsTheCallingThreadsOwn() throws Exception {
        String tid = PacerPriority.threadId();
        assertNotNull(tid, "Linux has /proc/thread-self");
        String stat = Files.readString(Path.of("/proc/thread-self/stat"));
        assertEquals(stat.substring(0, stat.indexOf(' ')), tid);
    }

    @Test
    void raisedTheKernelSaysFifoAndClosedItSaysNormalAgain_orItSaysWhyNot() throws Exception {
        List<String> told = new ArrayList<>();
        PacerPriority.tellAgain();
        try (PacerPriority raised = PacerPriority.raise(true, told::add)) {
            if (raised != null) {
                assertEquals(SCHED_FIFO, policy(), "raised, but the kernel does not run the thread under SCHED_FIFO");
                assertTrue(told.get(0).contains("real-time"), told.toString());
            } else {
                assertTrue(told.get(0).contains("normal scheduler"), told.toString());
                assertEquals(SCHED_OTHER, policy());
            }
        }
        assertEquals(SCHED_OTHER, policy(), "closed: back under the normal scheduler");
    }

    @Test
    void withoutChrtTheRunGoesOnAndSaysWhyOnce() {
        List<String> told = new ArrayList<>();
        PacerPriority.tellAgain();
        assertNull(PacerPriority.raise(true, "/nonexistent/chrt", told::add));
        assertNull(PacerPriority.raise(true, "/nonexistent/chrt", told::add));
        assertEquals(1, told.size(), told.toString());
        assertTrue(told.get(0).contains("could not run /nonexistent/chrt"), told.get(0));
        assertNull(PacerPriority.raise(false, told::add), "--pacer-priority normal: nothing raised");
        assertEquals(1, told.size());
    }
}

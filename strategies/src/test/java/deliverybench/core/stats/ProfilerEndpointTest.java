package deliverybench.core.stats;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The profiler's start falls back to the itimer where the kernel refuses perf events, and says which it used. */
class ProfilerEndpointTest {

    @Test
    void perfEventsWhenTheKernelAllowsThem() throws Exception {
        List<String> commands = new ArrayList<>();
        ProfilerEndpoint endpoint = new ProfilerEndpoint(Path.of("/tmp"), command -> {
            commands.add(command);
            return "ok";
        });
        assertEquals("cpu", endpoint.start());
        assertEquals("cpu", endpoint.stop(Path.of("/tmp/x.html")));
        assertEquals(List.of("start,event=cpu,interval=1ms", "dump,collapsed,file=/tmp/x.collapsed", "stop,file=/tmp/x.html"),
                commands);
    }

    @Test
    void theItimerWhereTheKernelRefusesPerfEvents() throws Exception {
        List<String> commands = new ArrayList<>();
        ProfilerEndpoint endpoint = new ProfilerEndpoint(Path.of("/tmp"), command -> {
            commands.add(command);
            if (command.contains("event=cpu")) {
                throw new IllegalStateException("No access to perf events. Try --fdtransfer or --all-user option");
            }
            return "ok";
        });
        assertEquals("itimer", endpoint.start());
        assertTrue(commands.get(1).startsWith("start,event=itimer"), commands.toString());
        assertEquals("itimer", endpoint.stop(Path.of("/tmp/x.html")));
    }

    @Test
    void stoppingWhatNeverStartedIsAClearError() {
        ProfilerEndpoint endpoint = new ProfilerEndpoint(Path.of("/tmp"), command -> "ok");
        assertEquals("not started", assertThrows(IllegalStateException.class, () -> endpoint.stop(Path.of("/tmp/x.html")))
                .getMessage());
    }
}

package deliverybench.strategy.xmpp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.LinkedBlockingQueue;

/** A loopback proxy that hands the server's bytes to the client {@code delayMs} late: a slow link, or a busy server. */
final class DelayingProxy implements AutoCloseable {

    private record Chunk(long dueNs, byte[] bytes) {
    }

    private final ServerSocket listener;
    private final int upstreamPort;
    private final long delayMs;

    DelayingProxy(int upstreamPort, long delayMs) throws IOException {
        this.listener = new ServerSocket(0);
        this.upstreamPort = upstreamPort;
        this.delayMs = delayMs;
        daemon(this::accept);
    }

    int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        try {
            while (true) {
                Socket client = listener.accept();
                Socket upstream = new Socket("127.0.0.1", upstreamPort);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                daemon(() -> copy(client, upstream));
                LinkedBlockingQueue<Chunk> late = new LinkedBlockingQueue<>();
                daemon(() -> read(upstream, client, late));
                daemon(() -> deliver(late, client, upstream));
            }
        } catch (IOException e) {
            // Closed.
        }
    }

    private static void copy(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // Either side went away.
        }
        closeBoth(from, to);
    }

    private void read(Socket from, Socket to, LinkedBlockingQueue<Chunk> late) {
        byte[] buffer = new byte[8192];
        try (InputStream in = from.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                late.add(new Chunk(System.nanoTime() + delayMs * 1_000_000, Arrays.copyOf(buffer, n)));
            }
        } catch (IOException e) {
            // Either side went away.
        }
        late.add(new Chunk(System.nanoTime() + delayMs * 1_000_000, null));
    }

    private static void deliver(LinkedBlockingQueue<Chunk> late, Socket to, Socket from) {
        try (OutputStream out = to.getOutputStream()) {
            while (true) {
                Chunk chunk = late.take();
                long waitNs = chunk.dueNs() - System.nanoTime();
                if (waitNs > 0) {
                    Thread.sleep(waitNs / 1_000_000, (int) (waitNs % 1_000_000));
                }
                if (chunk.bytes() == null) {
                    break;
                }
                out.write(chunk.bytes());
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // Either side went away.
        }
        closeBoth(to, from);
    }

    private static void closeBoth(Socket a, Socket b) {
        try {
            a.close();
            b.close();
        } catch (IOException e) {
            // Already closed.
        }
    }

    private static void daemon(Runnable task) {
        Thread thread = new Thread(task, "delaying-proxy");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}

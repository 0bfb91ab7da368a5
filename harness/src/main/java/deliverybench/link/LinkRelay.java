package deliverybench.link;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The driver's emulated network: a loopback relay that clients connect to instead of the server. One selector
 * thread moves every connection's bytes; each direction's timing comes from a {@link LinkDirection}, its due
 * chunks are kept on one shared timer queue (a heap of directions, at most one entry each), so no connection
 * has a thread or a timer object of its own.
 */
public final class LinkRelay implements AutoCloseable {

    // A direction stops reading its source with this much in flight: the link's window, as TCP's would be.
    static final int WINDOW_BYTES = 256 * 1024;
    private static final int READ_BYTES = 16 * 1024;

    private final Selector selector;
    private final Thread thread;
    private final long natIdleNs;
    private final SplittableRandom random;
    private final PriorityQueue<Pipe.Side> due = new PriorityQueue<>((a, b) -> Long.compare(a.dueNs, b.dueNs));
    private final Set<Pipe> pipes = new HashSet<>();
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BYTES);
    private final LongAdder natDrops = new LongAdder();
    private final LongAdder stalls = new LongAdder();
    private final LongAdder connections = new LongAdder();
    private volatile boolean running = true;
    private long nextSweepNs;

    /** @param natIdleNs a connection idle both ways this long is forgotten silently; 0: never */
    public LinkRelay(long natIdleNs, long seed) throws IOException {
        this.selector = Selector.open();
        this.natIdleNs = natIdleNs;
        this.random = new SplittableRandom(seed);
        this.thread = new Thread(this::loop, "deliverybench-link");
        thread.setDaemon(true);
        thread.start();
    }

    /** Opens a loopback listener whose connections reach {@code server} over {@code profile}; returns its address. */
    public InetSocketAddress listen(InetSocketAddress server, LinkProfile profile) throws IOException {
        return listen(server, profile, LinkTap.NONE);
    }

    /** As {@link #listen(InetSocketAddress, LinkProfile)}, telling {@code tap} of every byte its devices move. */
    public InetSocketAddress listen(InetSocketAddress server, LinkProfile profile, LinkTap tap) throws IOException {
        ServerSocketChannel listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
        listener.configureBlocking(false);
        CompletableFuture<Void> registered = new CompletableFuture<>();
        run(() -> {
            try {
                listener.register(selector, SelectionKey.OP_ACCEPT, new Listener(server, profile, tap));
                registered.complete(null);
            } catch (IOException e) {
                registered.completeExceptionally(e);
            }
        });
        registered.join();
        return (InetSocketAddress) listener.getLocalAddress();
    }

    /** Connections silently forgotten by the NAT so far. */
    public long natDrops() {
        return natDrops.sum();
    }

    /** Segments lost so far, each a stall of one RTO in its direction. */
    public long stalls() {
        return stalls.sum();
    }

    /** Connections relayed so far. */
    public long connections() {
        return connections.sum();
    }

    private void run(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /** Stops accepting on a listener {@link #listen} opened; its connections carry on. */
    public void stopListening(InetSocketAddress address) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        run(() -> {
            for (SelectionKey key : selector.keys()) {
                if (key.attachment() instanceof Listener) {
                    ServerSocketChannel channel = (ServerSocketChannel) key.channel();
                    try {
                        if (address.equals(channel.getLocalAddress())) {
                            key.cancel();
                            channel.close();
                        }
                    } catch (IOException e) {
                        // already closed
                    }
                }
            }
            done.complete(null);
        });
        done.join();
    }

    private record Listener(InetSocketAddress server, LinkProfile profile, LinkTap tap) {
    }

    private void loop() {
        try {
            while (running) {
                long now = System.nanoTime();
                long waitNs = due.isEmpty() ? Long.MAX_VALUE : due.peek().dueNs - now;
                if (natIdleNs > 0) {
                    waitNs = Math.min(waitNs, nextSweepNs - now);
                }
                if (waitNs <= 0) {
                    selector.selectNow();
                } else if (waitNs < 1_000_000) {
                    // select() counts in whole milliseconds: a sub-millisecond wait parks instead, then polls.
                    LockSupport.parkNanos(waitNs);
                    selector.selectNow();
                } else {
                    selector.select(waitNs == Long.MAX_VALUE ? 0 : waitNs / 1_000_000);
                }
                for (Runnable task; (task = tasks.poll()) != null; ) {
                    task.run();
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    handle(key);
                }
                selector.selectedKeys().clear();
                fire(System.nanoTime());
            }
        } catch (IOException | ClosedSelectorException e) {
            // closed
        }
    }

    private void handle(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        if (key.attachment() instanceof Listener listener) {
            accept((ServerSocketChannel) key.channel(), listener);
            return;
        }
        Pipe.Side side = (Pipe.Side) key.attachment();
        try {
            if (key.isValid() && key.isReadable()) {
                side.read();
            }
            if (key.isValid() && key.isWritable()) {
                side.peer().flush(System.nanoTime());
            }
        } catch (IOException e) {
            side.pipe().close();
        }
    }

    private void accept(ServerSocketChannel listener, Listener to) {
        for (int i = 0; i < 64; i++) {
            SocketChannel client = null;
            try {
                client = listener.accept();
                if (client == null) {
                    return;
                }
                // A loopback connect completes at once (the server's backlog answers); then both ends go non-blocking.
                SocketChannel server = SocketChannel.open(to.server());
                Pipe pipe = new Pipe(client, server, to.profile(), to.tap());
                pipes.add(pipe);
                connections.increment();
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    private void fire(long now) {
        while (!due.isEmpty() && due.peek().dueNs <= now) {
            Pipe.Side side = due.poll();
            side.dueNs = Long.MAX_VALUE;
            try {
                side.flush(now);
            } catch (IOException e) {
                side.pipe().close();
            }
        }
        if (natIdleNs > 0 && now - nextSweepNs >= 0) {
            for (Pipe pipe : new ArrayList<>(pipes)) {
                if (!pipe.dropped && now - pipe.lastActivityNs >= natIdleNs) {
                    pipe.drop();
                }
            }
            nextSweepNs = now + Math.max(1_000_000, Math.min(1_000_000_000L, natIdleNs / 20));
        }
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Pipe pipe : new ArrayList<>(pipes)) {
            pipe.close();
        }
        for (SelectionKey key : selector.keys()) {
            closeQuietly(key.channel());
        }
        closeQuietly(selector);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // nothing to do
            }
        }
    }

    /** One relayed connection: the client's socket, the server's, and a direction each way. */
    private final class Pipe {
        private final Side fromClient;
        private final Side fromServer;
        private final LinkTap tap;
        long lastActivityNs = System.nanoTime();
        boolean dropped;
        private boolean closed;

        Pipe(SocketChannel client, SocketChannel server, LinkProfile profile, LinkTap tap) throws IOException {
            this.tap = tap;
            client.configureBlocking(false);
            server.configureBlocking(false);
            client.socket().setTcpNoDelay(true);
            server.socket().setTcpNoDelay(true);
            fromClient = new Side(this, client, server, profile.up(random.split()));
            fromServer = new Side(this, server, client, profile.down(random.split()));
            fromClient.key = client.register(selector, SelectionKey.OP_READ, fromClient);
            fromServer.key = server.register(selector, SelectionKey.OP_READ, fromServer);
        }

        /** The NAT forgets: nothing more crosses either way, and neither end is told. */
        void drop() {
            dropped = true;
            natDrops.increment();
            for (Side side : new Side[]{fromClient, fromServer}) {
                side.queue.clear();
                side.queuedBytes = 0;
                if (side.dueNs != Long.MAX_VALUE) {
                    due.remove(side);
                    side.dueNs = Long.MAX_VALUE;
                }
                if (side.key.isValid() && !side.eof) {
                    side.key.interestOps(SelectionKey.OP_READ);
                }
            }
        }

        void close() {
            if (closed) {
                return;
            }
            closed = true;
            pipes.remove(this);
            due.remove(fromClient);
            due.remove(fromServer);
            closeQuietly(fromClient.source);
            closeQuietly(fromServer.source);
        }

        /**
         * Bytes read from {@code source}, timed by {@code link}, written to {@code sink} when due. Its socket's key
         * is the read interest; the sink's write interest is set on the peer's key (the sink is the peer's source).
         */
        final class Side {
            final Pipe pipe = Pipe.this;
            final SocketChannel source;
            final SocketChannel sink;
            final LinkDirection link;
            final boolean transparent;
            final java.util.ArrayDeque<Chunk> queue = new java.util.ArrayDeque<>();
            SelectionKey key;
            long dueNs = Long.MAX_VALUE;
            int queuedBytes;
            boolean eof;

            Side(Pipe pipe, SocketChannel source, SocketChannel sink, LinkDirection link) {
                this.source = source;
                this.sink = sink;
                this.link = link;
                this.transparent = link.transparent();
            }

            Pipe pipe() {
                return pipe;
            }

            Side peer() {
                return this == fromClient ? fromServer : fromClient;
            }

            void read() throws IOException {
                readBuffer.clear();
                int n = source.read(readBuffer);
                long now = System.nanoTime();
                if (n == 0) {
                    return;
                }
                if (n > 0 && this == fromClient) {
                    // The phone's radio sent them even when the NAT has forgotten the connection.
                    tap.moved(true, n, now);
                }
                if (dropped) {
                    // A forgotten connection's bytes vanish; a client giving up closes both ends.
                    if (n < 0 && this == fromClient) {
                        pipe.close();
                    } else if (n < 0) {
                        closeQuietly(source);
                    }
                    return;
                }
                lastActivityNs = now;
                if (n < 0) {
                    eof = true;
                    key.interestOps(key.interestOps() & ~SelectionKey.OP_READ);
                    enqueue(new Chunk(null, link.arrivalNs(now, 0)), now);
                    return;
                }
                readBuffer.flip();
                ByteBuffer copy = ByteBuffer.allocate(n);
                copy.put(readBuffer).flip();
                long before = link.stalls();
                enqueue(new Chunk(copy, transparent ? now : link.arrivalNs(now, n)), now);
                stalls.add(link.stalls() - before);
                queuedBytes += n;
                if (queuedBytes >= WINDOW_BYTES) {
                    key.interestOps(key.interestOps() & ~SelectionKey.OP_READ);
                }
            }

            private void enqueue(Chunk chunk, long now) throws IOException {
                queue.add(chunk);
                if (queue.size() == 1) {
                    if (chunk.dueNs <= now) {
                        flush(now);
                    } else {
                        schedule(chunk.dueNs);
                    }
                }
            }

            private void schedule(long atNs) {
                if (dueNs != Long.MAX_VALUE) {
                    due.remove(this);
                }
                dueNs = atNs;
                due.add(this);
            }

            /** Writes every chunk that is due; waits for the sink to drain, or schedules the next one. */
            void flush(long now) throws IOException {
                SelectionKey sinkKey = peer().key;
                while (!queue.isEmpty() && queue.peek().dueNs <= now) {
                    Chunk head = queue.peek();
                    if (head.data == null) {
                        queue.poll();
                        sink.shutdownOutput();
                        if (peer().eof && peer().queue.isEmpty()) {
                            pipe.close();
                        }
                        return;
                    }
                    sink.write(head.data);
                    if (head.data.hasRemaining()) {
                        sinkKey.interestOps(sinkKey.interestOps() | SelectionKey.OP_WRITE);
                        return;
                    }
                    queue.poll();
                    queuedBytes -= head.data.capacity();
                    if (this == fromServer) {
                        tap.moved(false, head.data.capacity(), now);
                    }
                    if (!eof && queuedBytes < WINDOW_BYTES && (key.interestOps() & SelectionKey.OP_READ) == 0) {
                        key.interestOps(key.interestOps() | SelectionKey.OP_READ);
                    }
                }
                if (sinkKey.isValid()) {
                    sinkKey.interestOps(sinkKey.interestOps() & ~SelectionKey.OP_WRITE);
                }
                if (!queue.isEmpty()) {
                    schedule(queue.peek().dueNs);
                }
            }
        }
    }

    private record Chunk(ByteBuffer data, long dueNs) {
    }
}

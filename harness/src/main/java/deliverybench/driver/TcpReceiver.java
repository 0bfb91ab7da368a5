package deliverybench.driver;

import deliverybench.protocol.FrameDecoder;
import deliverybench.protocol.FrameException;
import deliverybench.protocol.FrameType;
import deliverybench.protocol.Frames;
import org.xnio.IoFuture;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.XnioIoThread;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/** A device on the raw TCP protocol: HELLO, WELCOME, then MSG frames; a small NIO client on the shared worker. */
final class TcpReceiver implements Receiver {

    private final ReceiverContext context;
    private final DeliveryLedger.Device device;
    private final String token;
    private final XnioIoThread thread;
    private final Backoff backoff = new Backoff();
    private final ArrayDeque<ByteBuffer> outbound = new ArrayDeque<>();
    private StreamConnection connection;
    private FrameDecoder decoder;
    private boolean wasConnected;
    private long goneAfter;
    private volatile boolean closed;

    TcpReceiver(ReceiverContext context, DeliveryLedger.Device device, String token) {
        this.context = context;
        this.device = device;
        this.token = token;
        this.thread = context.worker.getIoThread();
    }

    @Override
    public void start() {
        thread.execute(this::connect);
    }

    @Override
    public void close() {
        closed = true;
        thread.execute(() -> IoUtils.safeClose(connection));
    }

    private void connect() {
        if (closed) {
            return;
        }
        thread.openStreamConnection(context.tcp, null, OptionMap.create(Options.TCP_NODELAY, true))
                .addNotifier(new IoFuture.HandlingNotifier<StreamConnection, Void>() {
                    @Override
                    public void handleDone(StreamConnection result, Void attachment) {
                        connected(result);
                    }

                    @Override
                    public void handleFailed(IOException exception, Void attachment) {
                        lost();
                    }
                }, null);
    }

    private void connected(StreamConnection result) {
        connection = result;
        if (closed) {
            IoUtils.safeClose(result);
            return;
        }
        if (wasConnected) {
            context.reconnects.increment();
        }
        wasConnected = true;
        context.connected.increment();
        backoff.succeeded();
        decoder = new FrameDecoder();
        outbound.clear();
        result.setCloseListener(c -> {
            context.connected.decrement();
            lost();
        });
        result.getSourceChannel().setReadListener(ch -> onReadable());
        result.getSinkChannel().setWriteListener(ch -> flush());
        result.getSourceChannel().resumeReads();
        send(Frames.hello(Math.max(goneAfter, device.highestSeen()), token));
    }

    private void onReadable() {
        try {
            while (true) {
                int read = connection.getSourceChannel().read(decoder.readTarget());
                if (read < 0) {
                    IoUtils.safeClose(connection);
                    return;
                }
                if (read == 0) {
                    return;
                }
                decoder.decode(this::onFrame);
            }
        } catch (IOException | FrameException e) {
            context.errors.increment();
            IoUtils.safeClose(connection);
        }
    }

    private void onFrame(byte type, ByteBuffer payload) {
        switch (type) {
            case FrameType.MSG -> {
                long seq = payload.getLong();
                int fromLength = payload.getShort() & 0xffff;
                payload.position(payload.position() + fromLength);
                context.inbound.deliver(device, seq, StandardCharsets.UTF_8.decode(payload).toString());
            }
            case FrameType.PING -> send(Frames.pong(payload.getLong()));
            case FrameType.ERROR -> {
                int code = payload.getShort() & 0xffff;
                if (code == 410) {
                    context.gone.increment();
                    goneAfter = WebSocketReceiver.oldestFrom(StandardCharsets.UTF_8.decode(payload).toString()) - 1;
                } else {
                    context.errors.increment();
                }
            }
            default -> {
                // WELCOME and PONG need nothing here.
            }
        }
    }

    private void send(ByteBuffer frame) {
        outbound.add(frame);
        flush();
    }

    private void flush() {
        try {
            ByteBuffer head;
            while ((head = outbound.peek()) != null) {
                connection.getSinkChannel().write(head);
                if (head.hasRemaining()) {
                    connection.getSinkChannel().resumeWrites();
                    return;
                }
                outbound.poll();
            }
            connection.getSinkChannel().suspendWrites();
        } catch (IOException e) {
            IoUtils.safeClose(connection);
        }
    }

    private void lost() {
        if (!closed) {
            backoff.schedule(thread, this::connect);
        }
    }
}

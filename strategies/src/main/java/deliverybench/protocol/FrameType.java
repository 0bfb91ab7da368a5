package deliverybench.protocol;

/** The frame types of the raw TCP protocol (contract, "Raw TCP push"). */
public final class FrameType {

    public static final byte HELLO = 0x01;
    public static final byte WELCOME = 0x02;
    public static final byte MSG = 0x03;
    public static final byte ACK = 0x04;
    public static final byte PING = 0x05;
    public static final byte PONG = 0x06;
    public static final byte ERROR = 0x07;
    /** HELLO of contract v2: {@code u64 after}, {@code u64 epoch} (0: not known yet), then the token. */
    public static final byte HELLO2 = 0x08;
    /** Contract v3, client to server: {@code u32 id}, {@code u16 to length}, to, body (the rest). */
    public static final byte SEND = 0x09;
    /** Answer to SEND: {@code u32 id}, {@code u64 seq}. */
    public static final byte SENT = 0x0A;
    /** Answer to a refused SEND: {@code u32 id}, {@code u16 code}, text (the rest); the connection stays open. */
    public static final byte SEND_FAILED = 0x0B;

    private FrameType() {
    }

    public static String name(int type) {
        return switch (type) {
            case HELLO -> "HELLO";
            case WELCOME -> "WELCOME";
            case MSG -> "MSG";
            case ACK -> "ACK";
            case PING -> "PING";
            case PONG -> "PONG";
            case ERROR -> "ERROR";
            case HELLO2 -> "HELLO2";
            case SEND -> "SEND";
            case SENT -> "SENT";
            case SEND_FAILED -> "SEND_FAILED";
            default -> String.format("0x%02x", type);
        };
    }
}

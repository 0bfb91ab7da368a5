package deliverybench.protocol;

/** The bytes on a TCP connection broke the protocol; {@code code} is the ERROR code to answer with. */
public final class FrameException extends Exception {

    private final int code;

    public FrameException(int code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public int code() {
        return code;
    }
}

package deliverybench.measure;

/**
 * The body of a measured message: {@code <intended ns>:<sent ns>:} then padding to the payload size.
 * The intended time travels inside the message, so no strategy can measure wrongly.
 */
public final class MessageBody {

    /** The shortest body that holds both stamps. */
    public static final int MIN_BYTES = 42;

    private MessageBody() {
    }

    public static String encode(long intendedNs, long sentNs, int payloadBytes) {
        StringBuilder body = new StringBuilder(Math.max(payloadBytes, MIN_BYTES));
        body.append(intendedNs).append(':').append(sentNs).append(':');
        while (body.length() < payloadBytes) {
            body.append('x');
        }
        return body.toString();
    }

    /** The two stamps of a body, or null when it is not one of ours. */
    public static long[] decode(String body) {
        int first = body.indexOf(':');
        int second = first < 0 ? -1 : body.indexOf(':', first + 1);
        if (second < 0) {
            return null;
        }
        try {
            return new long[]{Long.parseLong(body, 0, first, 10), Long.parseLong(body, first + 1, second, 10)};
        } catch (NumberFormatException e) {
            return null;
        }
    }
}

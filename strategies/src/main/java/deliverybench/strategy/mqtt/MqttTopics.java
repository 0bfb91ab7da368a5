package deliverybench.strategy.mqtt;

import deliverybench.auth.UserIds;

/**
 * The topics of contract v4: {@code inbox/<user>} (a device's inbox, and where a send goes),
 * {@code inbox/<user>/after/<seq>/<epoch>} (the inbox from a seq of the device's own) and
 * {@code inbox/<user>/gone} (the 410 of a gap). Anything else is not a topic of this server.
 */
final class MqttTopics {

    /** The longest topic or filter looked at: the longest valid one is about 120 characters. */
    static final int MAX_TOPIC_CHARS = 256;
    private static final String PREFIX = "inbox/";

    /**
     * What a subscription asks for.
     *
     * @param after the seq to resume after, or -1 for "where the session left off"
     * @param epoch the epoch {@code after} belongs to, 0 when not named
     */
    record Subscription(String user, long after, long epoch) {
    }

    private MqttTopics() {
    }

    static String inbox(String user) {
        return PREFIX + user;
    }

    static String gone(String user) {
        return PREFIX + user + "/gone";
    }

    static String after(String user, long after, long epoch) {
        return PREFIX + user + "/after/" + after + "/" + epoch;
    }

    /** The subscription a filter asks for, or null when it is none of this server's. */
    static Subscription subscription(String filter) {
        if (filter == null || filter.length() > MAX_TOPIC_CHARS || !filter.startsWith(PREFIX)) {
            return null;
        }
        String[] parts = filter.substring(PREFIX.length()).split("/", -1);
        if (!UserIds.isValid(parts[0])) {
            return null;
        }
        if (parts.length == 1) {
            return new Subscription(parts[0], -1, 0);
        }
        if (parts.length != 4 || !parts[1].equals("after")) {
            return null;
        }
        long after = number(parts[2]);
        long epoch = number(parts[3]);
        return after < 0 || epoch < 0 ? null : new Subscription(parts[0], after, epoch);
    }

    /** The recipient of a send's topic {@code inbox/<user>}, or null when the topic is not one. */
    static String recipient(String topic) {
        if (topic == null || topic.length() > MAX_TOPIC_CHARS || !topic.startsWith(PREFIX)) {
            return null;
        }
        String user = topic.substring(PREFIX.length());
        return UserIds.isValid(user) ? user : null;
    }

    /** A decimal from 0 to 2^63-1 without sign or leading zeros (bar "0"), else -1. */
    private static long number(String digits) {
        if (digits.isEmpty() || digits.length() > 19 || (digits.length() > 1 && digits.charAt(0) == '0')) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
            if (value < 0) {
                return -1;
            }
        }
        return value;
    }
}

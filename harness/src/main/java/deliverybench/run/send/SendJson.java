package deliverybench.run.send;

import deliverybench.measure.DeliveryLedger;

/**
 * The send's JSON as the driver writes and reads it, without a JSON library on the hot path: the
 * request ({@code "to"} one id or a list) and the answer's seq or seqs, booked to the ledger.
 */
final class SendJson {

    private SendJson() {
    }

    /** {@code {"to": "u", "body": b}}, or {@code {"to": ["u1", ...], "body": b}} for several recipients; ids and body need no escaping. */
    static String request(String[] userIds, int[] recipients, String body) {
        StringBuilder json = new StringBuilder(32 + body.length() + 24 * recipients.length).append("{\"to\":");
        if (recipients.length == 1) {
            json.append('"').append(userIds[recipients[0]]).append('"');
        } else {
            json.append('[');
            for (int i = 0; i < recipients.length; i++) {
                json.append(i == 0 ? "\"" : ",\"").append(userIds[recipients[i]]).append('"');
            }
            json.append(']');
        }
        return json.append(",\"body\":\"").append(body).append("\"}").toString();
    }

    /**
     * Books an answer: {@code {"seq": n}} or {@code {"seqs": [n, ...]}} in the recipients' order;
     * {@code answer} null (refused) or unreadable books every copy as a send error.
     */
    static void account(DeliveryLedger ledger, int[] recipients, String answer) {
        long[] seqs = answer == null ? null : seqs(answer, recipients.length);
        if (seqs == null) {
            ledger.sendFailed(recipients.length);
            return;
        }
        for (int i = 0; i < recipients.length; i++) {
            ledger.sent(recipients[i], seqs[i]);
        }
    }

    /** The numbers of an answer in order, or null when there are not {@code count} of them. */
    static long[] seqs(String answer, int count) {
        long[] seqs = new long[count];
        int found = 0;
        int i = answer.indexOf(':');
        while (i >= 0 && i < answer.length() && found < count) {
            while (i < answer.length() && !Character.isDigit(answer.charAt(i))) {
                i++;
            }
            long value = 0;
            int digits = 0;
            while (i < answer.length() && Character.isDigit(answer.charAt(i)) && digits < 19) {
                value = value * 10 + (answer.charAt(i++) - '0');
                digits++;
            }
            if (digits == 0) {
                break;
            }
            seqs[found++] = value;
        }
        return found == count ? seqs : null;
    }
}

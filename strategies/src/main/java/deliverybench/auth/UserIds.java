package deliverybench.auth;

/** The contract's user id rule: {@code [A-Za-z0-9_-]{1,64}}. */
public final class UserIds {

    /** The longest user id. */
    public static final int MAX_LENGTH = 64;

    private UserIds() {
    }

    /** Whether {@code userId} matches {@code [A-Za-z0-9_-]{1,64}}; a loop, not a regex: every send checks its recipients. */
    public static boolean isValid(String userId) {
        if (userId == null || userId.isEmpty() || userId.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < userId.length(); i++) {
            char c = userId.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}

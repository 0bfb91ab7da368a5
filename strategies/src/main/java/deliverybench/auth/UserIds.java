package deliverybench.auth;

import java.util.regex.Pattern;

/** The contract's user id rule: {@code [A-Za-z0-9_-]{1,64}}. */
public final class UserIds {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private UserIds() {
    }

    public static boolean isValid(String userId) {
        return userId != null && VALID.matcher(userId).matches();
    }
}

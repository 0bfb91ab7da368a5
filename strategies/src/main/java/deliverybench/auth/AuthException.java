package deliverybench.auth;

/** A token was refused; the message says why, in words fit for an error body. */
public final class AuthException extends Exception {

    public AuthException(String message) {
        super(message, null, false, false);
    }
}

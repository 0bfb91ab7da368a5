package deliverybench.client;

import org.xnio.XnioIoThread;

/**
 * A push connection that carries sends (contract v3: the postman takes the letter too), as the driver
 * uses it: many sends may be out at once, each answered by its id. Every method runs on {@link #thread()}.
 */
public interface SendLink {

    /** What becomes of the link and its sends; called on the link's I/O thread. */
    interface Listener {
        /** The connection is up and welcomed: sends may go. */
        void opened(SendLink link);

        void sent(long id, long seq);

        void refused(long id, int status, String error);

        /** The connection is gone: the sends without an answer are not known to have been stored. */
        void closed(SendLink link);
    }

    /** Writes one send of {@code body} to {@code to}; {@code id} from 1 to 2^32 - 1. */
    void send(long id, String to, String body);

    XnioIoThread thread();

    /** Closes the connection; {@link Listener#closed} follows. */
    void close();
}

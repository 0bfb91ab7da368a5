package deliverybench.link;

/** Told, on the relay's thread, of the bytes a relayed device sends and receives: the phone's side of the link. */
public interface LinkTap {

    LinkTap NONE = (up, bytes, nowNs) -> { };

    /** {@code up}: read from the device; else written to it, when the link delivers them. */
    void moved(boolean up, int bytes, long nowNs);
}

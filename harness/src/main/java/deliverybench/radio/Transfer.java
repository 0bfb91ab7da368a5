package deliverybench.radio;

/** Bytes that crossed a phone's radio at one moment: {@code up} from the phone, else down to it. */
public record Transfer(double atS, boolean up, long bytes) {
}

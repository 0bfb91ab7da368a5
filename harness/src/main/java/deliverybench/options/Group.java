package deliverybench.options;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;

/**
 * One group of a command's options: its picocli-annotated fields are the configuration, written to run.json as they
 * are (each field under its own name), and copied by {@link #copy} for a run that changes one of them.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
abstract class Group implements Cloneable {

    /** A shallow copy: every field holds an immutable value (numbers, durations, lists picocli made). */
    @SuppressWarnings("unchecked")
    <T extends Group> T copy() {
        try {
            return (T) clone();
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }

    static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}

package deliverybench.options;

import deliverybench.results.DurationText;
import picocli.CommandLine;

import java.time.Duration;

/** Reads durations as people write them: 500ms, 10s, 2m, 1h (or ISO-8601, PT10S). */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        try {
            return DurationText.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}

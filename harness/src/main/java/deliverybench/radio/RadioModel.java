package deliverybench.radio;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A radio's power model: from one device's transfers, in time order, its energy over a window. */
public interface RadioModel {

    /** The model's name as --radio took it, and a one-line description with its source. */
    String name();

    String describe();

    /** The inactivity after the last byte before the radio is idle again: the tail. */
    double tailS();

    /** The usage over [fromS, toS); transfers before {@code fromS} set the state the window starts in. */
    RadioUsage usage(List<Transfer> transfers, double fromS, double toS);

    /**
     * The radio's state at {@code atS} after the transfers before it, in the words every model shares: {@code idle},
     * {@code promotion}, {@code connected} (LTE's continuous reception, 3G's DCH) or {@code tail} (LTE's DRX, 3G's FACH).
     */
    String stateAt(List<Transfer> transfers, double atS);

    /** {@code lte}, {@code 3g} (data files in the jar) or a JSON file with a {@code model} of either kind. */
    static RadioModel load(String spec) {
        ObjectMapper json = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);
        try {
            JsonNode tree;
            if (spec.equals("lte") || spec.equals("3g")) {
                try (InputStream in = RadioModel.class.getResourceAsStream("/deliverybench/radio/" + spec + ".json")) {
                    tree = json.readTree(in);
                }
            } else if (Files.isRegularFile(Path.of(spec))) {
                tree = json.readTree(Path.of(spec).toFile());
            } else {
                throw new IllegalArgumentException("--radio takes lte, 3g or a JSON file (docs/battery.md), was " + spec);
            }
            String kind = tree.path("model").asText("");
            String label = spec.equals("lte") || spec.equals("3g") ? spec : Path.of(spec).getFileName().toString();
            return switch (kind) {
                case "lte" -> new LteModel(label, tree.path("name").asText(label), json.treeToValue(tree, LteModel.Parameters.class));
                case "3g" -> new UmtsModel(label, tree.path("name").asText(label), json.treeToValue(tree, UmtsModel.Parameters.class));
                default -> throw new IllegalArgumentException("--radio " + spec + ": \"model\" must be lte or 3g, was \"" + kind + "\"");
            };
        } catch (IOException e) {
            throw new IllegalArgumentException("--radio " + spec + ": " + e.getMessage(), e);
        }
    }
}

package deliverybench.options;

import deliverybench.radio.RadioModel;
import picocli.CommandLine.Option;

/** The phone's radio: a power model and the devices whose timelines it is run on. */
public final class RadioOptions extends Group {

    @Option(names = "--radio", description = "Record the phone-side timeline of --radio-sample devices per strategy at "
            + "the link (radio/<strategy>.csv.gz) and report radio energy per device-hour with a published power "
            + "model: lte (Huang et al. 2012), 3g (Qian et al. 2010), both with AT&T ARO's parameters, or a JSON file "
            + "(docs/battery.md). Without --network the sampled devices go through the link on loopback.")
    String radio;

    @Option(names = "--radio-sample", defaultValue = "100", description = "How many devices per strategy are recorded "
            + "for --radio (default: 100); the others are not.")
    int radioSample;

    private transient RadioModel model;

    void validate() {
        require(radioSample >= 1, "--radio-sample is at least 1");
        model = radio == null ? null : RadioModel.load(radio);
    }

    public boolean enabled() { return radio != null; }
    /** The power model; null without --radio. */
    public RadioModel model() { return model != null || radio == null ? model : RadioModel.load(radio); }
    public int sample() { return radioSample; }
}

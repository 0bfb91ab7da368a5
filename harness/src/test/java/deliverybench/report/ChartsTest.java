package deliverybench.report;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The bar charts' labels at many strategies: slanted names, upright values (checked by eye at eight and ten). */
class ChartsTest {

    private static CategoryChart slanted(int strategies) {
        CategoryChart chart = new CategoryChartBuilder().width(450).height(315).build();
        Charts.slant(chart, strategies);
        return chart;
    }

    @Test
    void namesSlantPastFourAndValuesStandUpPastSix() {
        assertEquals(0, slanted(4).getStyler().getXAxisLabelRotation());
        assertEquals(45, slanted(6).getStyler().getXAxisLabelRotation());
        assertEquals(0, slanted(6).getStyler().getLabelsRotation());
        assertEquals(45, slanted(8).getStyler().getXAxisLabelRotation());
        assertEquals(90, slanted(8).getStyler().getLabelsRotation());
    }
}

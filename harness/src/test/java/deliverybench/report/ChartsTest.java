package deliverybench.report;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bar charts' labels at many strategies: slanted names, values left to the table (checked by eye at eight and ten). */
class ChartsTest {

    private static CategoryChart slanted(int strategies) {
        CategoryChart chart = new CategoryChartBuilder().width(450).height(315).build();
        Charts.slant(chart, strategies);
        return chart;
    }

    @Test
    void namesSlantPastFourAndValuesGoPastSix() {
        assertEquals(0, slanted(4).getStyler().getXAxisLabelRotation());
        assertEquals(45, slanted(6).getStyler().getXAxisLabelRotation());
        assertTrue(slanted(6).getStyler().isLabelsVisible());
        assertEquals(45, slanted(8).getStyler().getXAxisLabelRotation());
        assertFalse(slanted(8).getStyler().isLabelsVisible());
    }
}

package org.attnlimit.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.attnlimit.calculus.Activation;
import org.attnlimit.calculus.GaussianExpectations;
import org.hipparchus.distribution.continuous.NormalDistribution;
import org.junit.jupiter.api.Test;

class LatexTablesTest {

    @Test
    void hardCodedClosedFormsAgreeWithTheCalculus() {
        // The table prints the forms of Appendices B.1 and B.3.2 where the numeric tier has none; check them numerically.
        NormalDistribution n = new NormalDistribution(0, 1);
        for (double c : new double[] {0.5, 1, 2}) {
            double form = 2 * n.cumulativeProbability(c) - 1 - 2 * c * n.density(c)
                    + 2 * c * c * (1 - n.cumulativeProbability(c));
            assertThat(GaussianExpectations.moment(Activation.clip(c), 2, 0, 1).value()).isCloseTo(form, within(1e-13));
            assertThat(LatexTables.knownClosedForm(Activation.clip(c), 2)).contains("\\Phi(" + Activation.formatNumber(c) + ")");
        }
        assertThat(GaussianExpectations.moment(Activation.relu(), 1, 0, 1).value())
                .isCloseTo(1 / Math.sqrt(2 * Math.PI), within(1e-15));
        assertThat(GaussianExpectations.moment(Activation.relu(), 2, 0, 1).value()).isCloseTo(0.5, within(1e-15));
    }

    @Test
    void tableRendersInThreeFormats() {
        Table t = new Table("cap", java.util.List.of("a", "b|c"), java.util.List.of(java.util.List.of("1", "x_y")), false);
        assertThat(t.text()).contains("a", "x_y");
        assertThat(t.markdown()).contains("| a | b\\|c |", "| 1 | x_y |");
        assertThat(t.latexDocument()).contains("$x_{y}$", "\\begin{tabular}{@{}D{.}{.}{1.0}l@{}}", "$b|c$", "\\end{document}");
    }
}

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
    void headCovarianceClosedFormsFollowFromTheMomentsTheyAreBuiltOn() {
        // Definition 3.1 (A): Cov(u1, u1) = sigma_O^2 Cov(v1, v1) = E[x1 x1]; (B): Cov(p11, p11) =
        // C(q1,q1)C(k1,k1) + C(q1,k1)C(k1,q1) = kappa^2 + 0 (q and k come from different matrices). The composed
        // forms must say exactly that, and their values must agree with the table's within its error bounds.
        java.util.Map<String, org.attnlimit.program.CovarianceEntry> byQuantity = new java.util.HashMap<>();
        try (org.attnlimit.symbolic.SymjaClosedForms symja =
                org.attnlimit.symbolic.SymjaClosedForms.withTimeout(java.time.Duration.ofSeconds(20))) {
            for (org.attnlimit.program.CovarianceEntry e : org.attnlimit.program.ProgramLimit.of(
                    LatexTables.attentionHead(), symja).table()) {
                byQuantity.put(e.kind() + ":" + e.a() + "," + e.b(), e);
            }
        }
        org.attnlimit.program.CovarianceEntry x = byQuantity.get("nonlin:x1,x1");
        String kappa = x.closedForm().replaceAll("\\\\quad\\(c = 1\\)$", "");
        assertThat(kappa).contains("\\Phi(c)");
        assertThat(byQuantity.get("matmul:u1,u1").closedForm()).isEqualTo(x.closedForm());
        assertThat(byQuantity.get("matmul:q1,q2").closedForm()).isEqualTo("0");
        org.attnlimit.program.CovarianceEntry p = byQuantity.get("score:p11,p11");
        assertThat(p.closedForm()).isEqualTo("\\left(" + kappa + "\\right)^2\\quad(c = 1)");
        // |kappa^2 - p| <= 2 kappa e_kappa + e_kappa^2 + e_p, the propagated bound
        double k = x.value();
        assertThat(p.value()).isCloseTo(k * k, within(2 * k * x.errorBound() + x.errorBound() * x.errorBound() + p.errorBound() + 1e-15));
        // a wrong composition is visible: kappa alone is not the score variance
        assertThat(Math.abs(p.value() - k)).isGreaterThan(0.1);
    }

    @Test
    void tableRendersInThreeFormats() {
        Table t = new Table("cap", java.util.List.of("a", "b|c"), java.util.List.of(java.util.List.of("1", "x_y")), false);
        assertThat(t.text()).contains("a", "x_y");
        assertThat(t.markdown()).contains("| a | b\\|c |", "| 1 | x_y |");
        assertThat(t.latexDocument()).contains("$x_{y}$", "\\begin{tabular}{@{}D{.}{.}{1.0}l@{}}", "$b|c$", "\\end{document}");
    }
}

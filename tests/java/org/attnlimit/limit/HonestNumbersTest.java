package org.attnlimit.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import org.attnlimit.program.Program;
import org.junit.jupiter.api.Test;

/**
 * Held-out programs on which the limit law once reported wrong numbers with small errors: each value here
 * is checked against a computation that shares no code with {@link ProgramLaw}.
 */
class HonestNumbersTest {
    /** {@code E[clip_1(Z)²] = 2Φ(1) − 1 − 2φ(1) + 2(1 − Φ(1))} (MATH.md §7). */
    private static final double K = 0.5160585509617133;

    static Program held(String name) {
        return Program.read(Path.of("tests/resources/programs/" + name + ".netsor"));
    }

    @Test
    void reluWeightedAttentionHasAnAtomAtZeroOfMassOneEighth() {
        Law law = ProgramLaw.of(held("relu-weighted"), List.of("y")).law("y");
        // y = Σ_j relu(p_j) u_j is 0 exactly when all three independent scores are negative: mass 1/8.
        assertThat(law.atoms()).hasSize(1);
        assertThat(law.atoms().get(0).location()).isEqualTo(0.0);
        assertThat(law.atoms().get(0).mass()).isCloseTo(0.125, within(1e-14));
        // Symmetry of the continuous part: P(y < 0) = (1 − 1/8)/2, P(y ≤ 0) = that + 1/8.
        Law.Cdf at0 = law.cdf(0);
        assertThat(at0.below()).isCloseTo(0.4375, within(1e-12 + at0.error()));
        assertThat(at0.atMost()).isCloseTo(0.5625, within(1e-12 + at0.error()));
        // Reference: given m positive scores (probability C(3,m)/8), y ~ N(0, K·Var(p)·χ²_m), Var p = K²;
        // f(y) = Σ_m C(3,m)/8 E[N(y; 0, K³χ²_m)], F likewise, by scipy.integrate.quad over the χ² density
        // (scipy 1.11, split at 1e-8..1, 500 subintervals; quadrature error below 1e-9).
        double[] y = {0.001, 0.01, 0.5};
        double[] pdf = {2.553739599393353, 1.8003586217053937, 0.2653553831358354};
        double[] cdf = {0.5653764024803093, 0.583789691948726, 0.9036000028113771};
        for (int i = 0; i < y.length; i++) {
            Estimate f = law.density(y[i]);
            Law.Cdf c = law.cdf(y[i]);
            assertThat(f.value()).as("density at %s", y[i]).isCloseTo(pdf[i], within(f.error() + 1e-9));
            assertThat(c.atMost()).as("cdf at %s", y[i]).isCloseTo(cdf[i], within(c.error() + 1e-9));
            assertThat(c.below()).isEqualTo(c.atMost());
        }
        // The density near the atom is not small: it was reported as 0 ± 1e-12 before the atom was split off.
        assertThat(law.density(0.001).value()).isGreaterThan(2);
    }

    @Test
    void reluOfAttentionHasAnAtomOfMassOneHalf() {
        Law law = ProgramLaw.of(Program.read(Path.of("theory/programs/relu-attention.netsor")), List.of("y")).law("y");
        // y = relu(o), o symmetric given the scores: P(y = 0) = P(o ≤ 0) = 1/2.
        assertThat(law.atoms()).hasSize(1);
        assertThat(law.atoms().get(0).mass()).isCloseTo(0.5, within(1e-10 + law.atoms().get(0).error()));
        Law.Cdf c = law.cdf(0);
        assertThat(c.atMost()).isCloseTo(0.5, within(1e-10 + c.error()));
        assertThat(c.below()).isCloseTo(0.0, within(1e-10 + c.error()));
    }

    @Test
    void clippedValueIsComputedToOnePartInAMillion() {
        ProgramLaw pl = ProgramLaw.of(held("clip-value"), List.of("y"));
        ProgramLaw.Moments m = pl.moments("y");
        // Independent reference: p1, p2 iid N(0, K²) so s1 = sigmoid(d), d = p1 − p2 ~ N(0, 2K²); U ~ N(0, K),
        // clip_1(G) with G ~ N(0, 1) independent: Var y = K·E[s1² + s2²],
        // E[y⁴] = 3K² E[s1⁴] + 6K² E[s1²s2²] + E[clip⁴] E[s2⁴], E[clip_1(G)⁴] by the same rule below.
        double e2 = 0;
        double e4a = 0;
        double e22 = 0;
        double e4b = 0;
        int n = 200_000;
        double sd = Math.sqrt(2) * K;
        double h = 24.0 / n;
        for (int i = 0; i <= n; i++) {
            double z = -12 + i * h;
            double w = (i == 0 || i == n ? 0.5 : 1) * h * Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
            double s1 = 1 / (1 + Math.exp(-sd * z));
            double s2 = 1 - s1;
            e2 += w * (s1 * s1 + s2 * s2);
            e4a += w * Math.pow(s1, 4);
            e22 += w * s1 * s1 * s2 * s2;
            e4b += w * Math.pow(s2, 4);
        }
        // E[clip_1(G)⁴] = ∫_{|g|<1} g⁴ φ + 2(1 − Φ(1)), the first by Simpson on 2·10⁴ panels (error < 1e-15).
        double inner = 0;
        int m2 = 20_000;
        for (int i = 0; i <= m2; i++) {
            double g = -1 + 2.0 * i / m2;
            double w = (i == 0 || i == m2 ? 1 : i % 2 == 1 ? 4 : 2) * (2.0 / m2) / 3;
            inner += w * Math.pow(g, 4) * Math.exp(-0.5 * g * g) / Math.sqrt(2 * Math.PI);
        }
        double clip4 = inner + 2 * 0.15865525393145707;   // 1 − Φ(1)
        double variance = K * e2;
        double fourth = 3 * K * K * e4a + 6 * K * K * e22 + clip4 * e4b;
        // The trapezoid rule on a smooth integrand over ±12 s.d. with h = 1.2e-4 is exact to round-off.
        assertThat(m.belowTarget()).isFalse();
        assertThat(m.relativeError()).isLessThan(ProgramLaw.TARGET);
        assertThat(m.variance()).isCloseTo(variance, within(1e-6 * variance));
        assertThat(m.fourthMoment()).isCloseTo(fourth, within(1e-6 * fourth));
        // Negative control: the old inner Gauss–Hermite value, 2.4% off, is far outside this tolerance.
        assertThat(Math.abs(0.292571417071 - variance)).isGreaterThan(1e-3);
    }
}

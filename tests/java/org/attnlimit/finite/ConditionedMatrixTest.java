package org.attnlimit.finite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.apache.commons.rng.simple.RandomSource;
import org.attnlimit.program.Program;
import org.attnlimit.random.SampleStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Deterministic properties of the conditioning simulator: linearity, rank deficiency, streams, restriction. */
class ConditionedMatrixTest {

    /**
     * W is linear, whatever the method: W(2h) = 2·Wh and W(a + b) = Wa + Wb, including when the matrix has
     * been applied to more vectors than the width (n = 3, five products: the basis stops at rank 3).
     * Tolerance: rounding of O(k) flops on O(1) numbers, 1e-12.
     */
    @ParameterizedTest
    @EnumSource(ProgramSimulator.Method.class)
    void productsAreLinearAndRankDeficiencyIsExact(ProgramSimulator.Method method) {
        Program p = Program.parse(String.join("\n",
                "input a b c ~ N(0, 1)",
                "matrix W var=2",
                "ga = W a", "gb = W b", "gc = W c",
                "s = sum(a, b)", "gs = W s",
                "t = sum(a, a)", "gt = W t",
                "e = tanh(ga)", "ge = W e", ""));
        for (int n : new int[] {3, 17}) {
            ProgramSimulator.Realization z = ProgramSimulator.of(p, method).simulate(n, RandomSource.L64_X128_MIX.create(11L));
            for (int i = 0; i < n; i++) {
                assertThat(z.vector("gs")[i]).isCloseTo(z.vector("ga")[i] + z.vector("gb")[i], org.assertj.core.api.Assertions.within(1e-12));
                assertThat(z.vector("gt")[i]).isCloseTo(2 * z.vector("ga")[i], org.assertj.core.api.Assertions.within(1e-12));
            }
        }
    }

    @Test
    void rankIsBoundedByTheWidthAndNoNoiseIsDrawnForDependentVectors() {
        ConditionedMatrix w = new ConditionedMatrix(1.0, 2);
        var gauss = org.apache.commons.rng.sampling.distribution.ZigguratSampler.NormalizedGaussian.of(RandomSource.L64_X128_MIX.create(1L));
        double[] g1 = w.multiply(new double[] {1, 0}, gauss);
        double[] g2 = w.multiply(new double[] {1, 1}, gauss);
        assertThat(w.rank()).isEqualTo(2);
        assertThat(w.normalsDrawn()).isEqualTo(4);
        double[] g3 = w.multiply(new double[] {3, -2}, gauss);   // = 5·e1 − 2·(e1 + e2)
        assertThat(w.rank()).isEqualTo(2);
        assertThat(w.normalsDrawn()).isEqualTo(4);
        for (int i = 0; i < 2; i++) {
            assertThat(g3[i]).isCloseTo(5 * g1[i] - 2 * g2[i], org.assertj.core.api.Assertions.within(1e-12));
        }
        assertThat(w.multiply(new double[] {0, 0}, gauss)).containsExactly(0, 0);
    }

    /** Sample i depends on the seed and i only: any thread count, any number of samples asked for. */
    @Test
    void sameSeedSameSamplesWhateverTheThreadsOrTheCount() {
        Program p = Program.read(Path.of("theory/programs/mha-s4-h2.netsor"));
        ProgramSampling s = ProgramSampling.of(p, ProgramSimulator.Method.EXACT, List.of("p1_12", "u2_3"));
        double[] one = s.sample(64, 300, new SampleStreams(9L, 1), null);
        double[] three = s.sample(64, 300, new SampleStreams(9L, 3), null);
        double[] prefix = s.sample(64, 41, new SampleStreams(9L, 2), null);
        assertThat(three).containsExactly(one);
        assertThat(prefix).containsExactly(java.util.Arrays.copyOf(one, 82));
        assertThat(s.sample(64, 300, new SampleStreams(10L, 2), null)).isNotEqualTo(one);
    }

    @Test
    void restrictionComputesOnlyWhatTheOutputsNeed() {
        Program p = Program.read(Path.of("theory/programs/mha-s4-h2.netsor"));
        ProgramSimulator sim = ProgramSimulator.of(p).restrictedTo(List.of("p1_12"));
        ProgramSimulator.Realization z = sim.simulate(16, RandomSource.L64_X128_MIX.create(2L));
        assertThat(z.vectors().keySet()).containsExactlyInAnyOrder("h", "h1", "h2", "x1", "x2", "q1_1", "k1_2");
        assertThat(z.scores().keySet()).containsExactly("p1_12");
        assertThatThrownBy(() -> ProgramSimulator.of(p).restrictedTo(List.of("nope")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'nope'");
        assertThatThrownBy(() -> ProgramSimulator.of(p).restrictedTo(List.of("WQ1")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

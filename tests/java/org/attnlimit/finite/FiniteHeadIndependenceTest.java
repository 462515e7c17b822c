package org.attnlimit.finite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.attnlimit.calculus.Activation;
import org.attnlimit.limit.AttentionLimit;
import org.attnlimit.numerics.Mutants;
import org.attnlimit.numerics.Mutation;
import org.attnlimit.program.AttentionProgram;
import org.attnlimit.program.Program;
import org.attnlimit.random.ParallelSampler;
import org.attnlimit.random.SampleStreams;
import org.junit.jupiter.api.Test;

/**
 * Head independence (Theorem 3.1 for Example 3.1: the heads' limit scores {@code p̊^a} are independent, so their
 * conditional variances {@code V_a} are iid) tested directly on the draws of every finite-width layer sampler —
 * exact reduced, dense and conditioning — through {@code Cov(V_a, V_b)}, where a sampler whose heads share their
 * scores is a gross miss (correlation near 1), far more power than the kurtosis of {@code y}.
 *
 * <p>At finite n the heads share the tokens: given the token Gram matrix {@code Γ} they are iid, so
 * {@code Cov(V_a, V_b) = Var E[V_1 | Γ] ≥ 0}, of order 1/n. Each test states its allowance for that bias,
 * {@code C/n}, with {@code C} measured (see the constants) and doubled; where two samplers are both exact in
 * law at one width (dense and exact reduced), they are compared two-sample, with no allowance.
 *
 * <p>Error budget: 28 + 1 + 1 + 2 + 2 assertions, SE of a correlation from its influence function (1/√N for
 * independent variables); z = 5.6 from two-sided α = 1e-6 over 34 assertions (3.4e-5 in all).
 *
 * <p>Power: with the planted bug {@link Mutation#FINITE_SHARED_HEAD_SCORES} (query and key weights of head 1
 * for every head) the correlations are above 0.9 against tolerances of at most 0.2 — and
 * {@link #sharedScoresAreCaughtOnEverySampler} asserts that each test below fails under it.
 */
class FiniteHeadIndependenceTest {
    private static final double Z = 5.6;
    /**
     * Allowance {@code C/n} for the bias of {@code corr(V_a, V_b)}, wide layer: measured (exact reduced sampler, 10^5
     * draws) 0.371, 0.191, 0.066 at n = 64, 256, 1024, fit {@code 76/(n + 140)}; C = 160, twice the fit.
     */
    private static final double C_WIDE = 160;
    /** The same for the heavy layer: 0.135, 0.094, 0.062, 0.028, 0.008 at n = 32 … 1024, fit {@code 9.8/(n + 41)}. */
    private static final double C_HEAVY = 20;

    /** {@code clip_100}, s = 4, H = 8, σ = 1: the exact sampler's Wishart shortcut, O(s²) per draw whatever n. */
    static Program wide() {
        return AttentionProgram.paper(Activation.clip(100), 4, 8, 1, 1, 1, 1);
    }

    @Test
    void exactReducedSamplerHeadsAreUncorrelated() {
        assertExactHeads();
    }

    @Test
    void conditioningSamplerHeadsAreUncorrelated() {
        assertConditioningHeads();
    }

    @Test
    void denseSamplerHeadsMatchTheExactSampler() {
        assertDenseHeads(exactReference());
    }

    /**
     * The planted bug in each sampler is caught by its test; for the dense sampler (compared with the exact
     * reduced one, which shares the seam) the reference draws are taken before the bug is planted, so that the
     * dense sampler alone is wrong.
     */
    @Test
    void sharedScoresAreCaughtOnEverySampler() {
        double[] reference = exactReference();
        try (Mutants planted = Mutants.plant(Mutation.FINITE_SHARED_HEAD_SCORES)) {
            assertThatThrownBy(FiniteHeadIndependenceTest::assertExactHeads).isInstanceOf(AssertionError.class);
            assertThatThrownBy(FiniteHeadIndependenceTest::assertConditioningHeads).isInstanceOf(AssertionError.class);
            assertThatThrownBy(() -> assertDenseHeads(reference)).isInstanceOf(AssertionError.class);
        }
    }

    /**
     * Exact reduced sampler, {@link #wide()} at n = 65 536, N = 20 000: all 28 pairs {@code |corr(V_a, V_b)|} within
     * {@code Z·SE + C/n}, and {@code E[V̄]} against the limit's {@code E[V]} (quadrature).
     */
    static void assertExactHeads() {
        int n = 65_536;
        int count = 20_000;
        Program p = wide();
        int h = 8;
        double[] v = ExactAttentionSampler.of(LayerSpec.of(p, AttentionProgram.OUTPUT, n).orElseThrow())
                .sampleHeadVariances(count, new ParallelSampler(20261208L, 256, 2));
        assertThat(v).hasSize(count * h);
        double[] mean = new double[count];
        for (int a = 0; a < h; a++) {
            double[] va = ProgramSampling.column(v, h, a);
            for (int i = 0; i < count; i++) {
                mean[i] += va[i] / h;
            }
            for (int b = a + 1; b < h; b++) {
                double[] c = correlation(va, ProgramSampling.column(v, h, b));
                assertThat(Math.abs(c[0])).as("exact reduced sampler, n = %d: corr(V_%d, V_%d) = %s ± %s", n, a + 1, b + 1, c[0], c[1])
                        .isLessThanOrEqualTo(Z * c[1] + C_WIDE / n);
            }
        }
        double[] m = meanWithSe(mean);
        double ev = SamplerLimitTest.law(p).variance();
        assertThat(Math.abs(m[0] - ev)).as("E[V_bar] = %s ± %s vs the limit's E[V] = %s", m[0], m[1], ev)
                .isLessThanOrEqualTo(Z * m[1] + 4.0 / n * ev);   // measured n·(E[V̄] − E[V])/E[V] = 1.9 (n = 64 … 1024)
    }

    /** Conditioning sampler ({@code simulate --program}), heavy layer (H = 2) at n = 512: {@code corr(V_1, V_2)}. */
    static void assertConditioningHeads() {
        int n = 512;
        int count = 1000;
        ProgramHeads heads = ProgramHeads.of(SamplerLimitTest.heavy(), ProgramSimulator.Method.EXACT);
        double[] draws = heads.sample(n, count, new SampleStreams(20261209L, 2), null);
        double[] c = correlation(ProgramSampling.column(draws, 3, 1), ProgramSampling.column(draws, 3, 2));
        assertThat(Math.abs(c[0])).as("conditioning sampler, n = %d: corr(V_1, V_2) = %s ± %s", n, c[0], c[1])
                .isLessThanOrEqualTo(Z * c[1] + C_HEAVY / n);
    }

    /** The heavy layer at n = 32, where the dense and exact reduced samplers are both exact in law. */
    static LayerSpec small() {
        return LayerSpec.of(SamplerLimitTest.heavy(), AttentionProgram.OUTPUT, 32).orElseThrow();
    }

    /** @return 30 000 draws of {@code (V_1, V_2)} by the exact reduced sampler at n = 32 */
    static double[] exactReference() {
        return ExactAttentionSampler.of(small()).sampleHeadVariances(30_000, new ParallelSampler(20261211L, 256, 2));
    }

    /**
     * Dense sampler against the exact reduced sampler's draws {@code e}, heavy layer at n = 32: {@code corr(V_1, V_2)}
     * (about 0.1 there: the heads share {@code Γ}) and {@code E[V_1]}, two-sample.
     */
    static void assertDenseHeads(double[] e) {
        double[] d = DenseAttentionSampler.of(small()).sampleHeadVariances(3000, new ParallelSampler(20261210L, 16, 2));
        double[] cd = correlation(ProgramSampling.column(d, 2, 0), ProgramSampling.column(d, 2, 1));
        double[] ce = correlation(ProgramSampling.column(e, 2, 0), ProgramSampling.column(e, 2, 1));
        assertThat(Math.abs(cd[0] - ce[0])).as("n = 32: corr(V_1, V_2) dense %s ± %s vs exact reduced %s ± %s", cd[0], cd[1], ce[0], ce[1])
                .isLessThanOrEqualTo(Z * Math.hypot(cd[1], ce[1]));
        double[] md = meanWithSe(ProgramSampling.column(d, 2, 0));
        double[] me = meanWithSe(ProgramSampling.column(e, 2, 0));
        assertThat(Math.abs(md[0] - me[0])).as("n = 32: E[V_1] dense %s ± %s vs exact reduced %s ± %s", md[0], md[1], me[0], me[1])
                .isLessThanOrEqualTo(Z * Math.hypot(md[1], me[1]));
    }

    /** @return Pearson's r and its delta-method SE {@code sd(x̃ỹ − r(x̃² + ỹ²)/2)/√N} */
    static double[] correlation(double[] x, double[] y) {
        int n = x.length;
        double[] mx = meanWithSe(x);
        double[] my = meanWithSe(y);
        double sx = mx[1] * Math.sqrt(n);
        double sy = my[1] * Math.sqrt(n);
        double r = 0;
        for (int i = 0; i < n; i++) {
            r += (x[i] - mx[0]) / sx * ((y[i] - my[0]) / sy);
        }
        r /= n - 1;
        double[] psi = new double[n];
        for (int i = 0; i < n; i++) {
            double a = (x[i] - mx[0]) / sx;
            double b = (y[i] - my[0]) / sy;
            psi[i] = a * b - r * (a * a + b * b) / 2;
        }
        return new double[] {r, meanWithSe(psi)[1]};
    }

    /** @return the mean and its standard error */
    static double[] meanWithSe(double[] x) {
        double m = java.util.Arrays.stream(x).average().orElseThrow();
        double ss = 0;
        for (double v : x) {
            ss += (v - m) * (v - m);
        }
        return new double[] {m, Math.sqrt(ss / (x.length - 1) / x.length)};
    }
}

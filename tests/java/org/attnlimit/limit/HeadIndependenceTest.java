package org.attnlimit.limit;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.attnlimit.calculus.Activation;
import org.attnlimit.program.AttentionProgram;
import org.attnlimit.random.ParallelSampler;
import org.attnlimit.stats.KurtosisEstimate;
import org.junit.jupiter.api.Test;

/**
 * Example 3.1: the heads' scores {@code p̊^a} are independent, so the per-head conditional variances
 * {@code V_a = σ_O²σ_V²(s^a)ᵀKs^a} of the hierarchical limit sampler are iid. Tested directly on the draws,
 * where a shared-score bug (one score vector for all heads) is a gross miss, and through the excess kurtosis
 * of {@code y} against the quadrature, with enough draws that a factor-2 error is a large miss.
 *
 * <p>Error budget: 28 + 2 + 1 + 1 assertions at two-sided α = 1e-7 each (about 3e-6 in all): z = 5.3; the
 * correlation test uses z = 6 (SE of a correlation of independent variables is 1/√N to first order).
 *
 * <p>Power, against one score vector for all heads ({@code V_a = V_b}): the correlations become 1 (tolerance
 * 6/√N = 0.042), {@code H·Var(V̄_H)/Var(V_1)} becomes {@code H = 8} (tolerance below 0.1), and the excess kurtosis
 * of {@code y} doubles at {@code H = 2}; with N = 200 000 draws that doubling is ≥ 8 SE (asserted below from
 * the measured SE), so a test at z = 5.3 rejects it with probability ≥ Φ(8 − 5.3) > 0.996.
 */
public class HeadIndependenceTest {
    private static final double Z = 5.3;
    private static final int N = 20_000;
    private static final int N_KURTOSIS = 200_000;

    /** The configuration of the reported bug: {@code clip_100}, s = 4, H = 8 (excess kurtosis 0.030). */
    static AttentionSetup wide() {
        return AttentionSetup.paper(Activation.clip(100), 4, 8);
    }

    /** clip_1 tokens, s = 4, H = 2, σ_Q = σ_K = 2: a heavy-tailed law (excess kurtosis 0.172). */
    public static AttentionSetup heavy(int heads) {
        return AttentionSetup.of(AttentionProgram.paper(Activation.clip(1), 4, heads, 2, 2, 1, 1),
                AttentionProgram.OUTPUT).orElseThrow();
    }

    @Test
    void headsConditionalVariancesAreUncorrelated() {
        assertHeadsUncorrelated();
    }

    @Test
    void meanOverHeadsHasOneHthOfTheOneHeadVariance() {
        assertVarianceOfHeadMean();
    }

    @Test
    void outputKurtosisMatchesTheQuadratureWithPowerAgainstAFactorTwo() {
        assertKurtosisOfLimitSampler();
    }

    /** {@code Cov(V_a, V_b) = 0} for every pair of heads, on per-head draws of the sampler {@link AttentionLimit#sample} uses. */
    public static void assertHeadsUncorrelated() {
        AttentionLimit law = AttentionLimit.of(wide());
        ConditionalVariance cv = law.conditionalVarianceSampler();
        int h = wide().heads();
        double[][] v = perHead(cv, h, N, 20261207L);
        double tolerance = 6 / Math.sqrt(N);
        for (int a = 0; a < h; a++) {
            for (int b = a + 1; b < h; b++) {
                assertThat(correlation(v[a], v[b])).as("corr(V_%d, V_%d), N = %d", a + 1, b + 1, N)
                        .isBetween(-tolerance, tolerance);
            }
        }
    }

    /**
     * {@code Var(V̄_H) = Var(V_1)/H}: the draws of {@code V} by {@link AttentionLimit#sampleConditionalVariance}
     * at H = 8 against the quadrature's {@code σ⁴(m2 − m1²)/H}, and against draws of the one-head law.
     */
    public static void assertVarianceOfHeadMean() {
        AttentionLimit law = AttentionLimit.of(wide());
        AttentionLimit one = AttentionLimit.of(wide().withHeads(1));
        int h = wide().heads();
        double[] mean = law.sampleConditionalVariance(N, ParallelSampler.of(7L));
        double[] single = one.sampleConditionalVariance(N, ParallelSampler.of(8L));
        double[] varMean = varianceWithSe(mean);
        double[] varOne = varianceWithSe(single);
        double quadrature = law.secondMomentOfV() - law.variance().value() * law.variance().value();
        // the quadrature's relative error is below 1e-6 (AttentionLimitTest): negligible against the SE
        assertThat(Math.abs(varMean[0] - quadrature)).as("Var(V_bar_H) = %s vs quadrature %s", varMean[0], quadrature)
                .isLessThanOrEqualTo(Z * varMean[1]);
        double ratio = h * varMean[0] / varOne[0];
        double seRatio = ratio * Math.hypot(varMean[1] / varMean[0], varOne[1] / varOne[0]);
        assertThat(seRatio).as("power: H = 8 (shared scores) is far outside").isLessThan(0.1);
        assertThat(Math.abs(ratio - 1)).as("H·Var(V_bar_H)/Var(V_1) = %s", ratio).isLessThanOrEqualTo(Z * seRatio);
    }

    /** Excess kurtosis of {@code y} by {@link AttentionLimit#sample} (H = 2) against {@code 3(m2 − m1²)/(H m1²)}. */
    public static void assertKurtosisOfLimitSampler() {
        AttentionLimit law = AttentionLimit.of(heavy(2));
        KurtosisEstimate k = KurtosisEstimate.of(law.sample(N_KURTOSIS, ParallelSampler.of(9L)));
        double target = law.excessKurtosis().value();
        assertThat(target).as("one score vector for both heads would double it").isCloseTo(0.172, org.assertj.core.api.Assertions.within(0.001));
        assertThat(k.se()).as("power: a factor-2 error (%s) is >= 8 SE", target).isLessThanOrEqualTo(target / 8);
        assertThat(Math.abs(k.value() - target)).as("excess kurtosis %s ± %s vs quadrature %s", k.value(), k.se(), target)
                .isLessThanOrEqualTo(Z * k.se());
    }

    /** @return {@code V_a} for each head (rows) and draw (columns), one stream */
    static double[][] perHead(ConditionalVariance cv, int heads, int count, long seed) {
        UniformRandomProvider rng = RandomSource.L64_X128_MIX.create(seed);
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
        int s = 4;
        double[] z = new double[s];
        double[] p = new double[s];
        double[] w = new double[s];
        double[] one = new double[heads];
        double[][] v = new double[heads][count];
        for (int i = 0; i < count; i++) {
            cv.draw(g, z, p, w, one);
            for (int a = 0; a < heads; a++) {
                v[a][i] = one[a];
            }
        }
        return v;
    }

    static double correlation(double[] x, double[] y) {
        return new org.hipparchus.stat.correlation.PearsonsCorrelation().correlation(x, y);
    }

    /** @return the sample variance {@code mean((x − x̄)²)} and its standard error from the same draws */
    static double[] varianceWithSe(double[] x) {
        double m = java.util.Arrays.stream(x).average().orElseThrow();
        double[] d2 = java.util.Arrays.stream(x).map(v -> (v - m) * (v - m)).toArray();
        double var = java.util.Arrays.stream(d2).average().orElseThrow();
        double ss = 0;
        for (double d : d2) {
            ss += (d - var) * (d - var);
        }
        return new double[] {var, Math.sqrt(ss / (x.length - 1) / x.length)};
    }
}

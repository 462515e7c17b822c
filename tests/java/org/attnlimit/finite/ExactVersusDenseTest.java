package org.attnlimit.finite;

import org.attnlimit.numerics.PsdRoot;
import org.attnlimit.numerics.Softmax;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.attnlimit.calculus.Activation;
import org.attnlimit.random.ParallelSampler;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The exact reduced sampler and the dense Appendix B network have the same law (theory/exact-sampler.md):
 * two-sample Kolmogorov–Smirnov test and the first even moments, at small widths where the dense
 * network is cheap.
 *
 * <p>Error budget: 7 cases × 4 assertions + 2 in the power test = 30 assertions, α ≈ 1e-6 overall → per
 * assertion 3.6e-8, i.e. KS p-value ≥ 3.6e-8 and |difference| ≤ z·SE with two-sided z = 5.5.
 * SEs come from the same samples (variance of the per-sample statistic / N, both samples added), which
 * is right only for independent samples: the two samplers draw from different seeds, hence independent
 * streams.
 *
 * <p>Power. A stated alternative, {@link #independentGammaPerHead}: the exact sampler with the token Gram
 * {@code Γ} drawn afresh for every head (a plausible bug: the heads share their inputs, so they share
 * {@code Γ}). It leaves {@code E y²} unchanged and lowers {@code E y⁴}; at n = 8, s = 2, H = 4 the shift is
 * {@code δ = 0.032·sd(y⁴)} (measured: 2.458 against 1.790, sd 20.6, 400 000 draws each). With N draws per
 * sampler the test's {@code z = δ/(sd·√(2/N))}; N = 200 000 gives z = 10.3, so the alternative is rejected
 * at z = 5.5 with probability Φ(10.3 − 5.5) > 0.99 (the same N against the dense network, which shares Γ,
 * must pass). At the old N = 20 000 the same shift is z = 3.2: it would have been missed.
 */
class ExactVersusDenseTest {
    private static final int N = 20_000;
    private static final int N_POWER = 200_000;
    private static final double P_MIN = 3.6e-8;
    private static final double Z = 5.5;

    static Stream<Arguments> cases() {
        Activation clip100 = Activation.clip(100);
        Activation clip1 = Activation.clip(1);
        return Stream.of(
                Arguments.of("clip100 shortcut", LayerSpec.paper(clip100, 32, 4, 2), Readout.OUTPUT),
                Arguments.of("clip1 Gram path", LayerSpec.paper(clip1, 16, 3, 2), Readout.OUTPUT),
                Arguments.of("relu, singular Gram possible", LayerSpec.paper(Activation.relu(), 16, 4, 1), Readout.OUTPUT),
                Arguments.of("low rank d_h=16, H=4", LayerSpec.lowRank(clip1, 64, 3, 16), Readout.OUTPUT),
                Arguments.of("linear scaling", LayerSpec.paper(clip1, 32, 4, 2).withScaling(Scaling.LINEAR), Readout.OUTPUT),
                Arguments.of("score p12", LayerSpec.paper(clip1, 16, 4, 2), Readout.SCORE_12),
                Arguments.of("low-rank score p11", LayerSpec.lowRank(clip100, 32, 2, 8), Readout.SCORE_11));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sameLaw(String name, LayerSpec spec, Readout readout) {
        // Independent streams: different seeds for the two samplers.
        double[] exact = ExactAttentionSampler.of(spec).sample(N, readout, ParallelSampler.of(20260101L), null);
        double[] dense = DenseAttentionSampler.of(spec).sample(N, readout,
                ParallelSampler.of(20260102L).withChunkSize(1000).withThreads(2), null);

        // 4 assertions of the budget above: KS p-value > 3.6e-8, E[y], E[y²], E[y⁴] within z = 5.5 SEs
        TwoSample.assertSameLaw(exact, dense, P_MIN, Z, 1, 2, 4);
    }

    @org.junit.jupiter.api.Test
    void sharedGammaIsSeenAndAnIndependentGammaPerHeadIsRejected() {
        LayerSpec spec = LayerSpec.paper(Activation.clip(100), 8, 2, 4);
        double[] exact = ExactAttentionSampler.of(spec).sample(N_POWER, Readout.OUTPUT, ParallelSampler.of(31L), null);
        double[] dense = DenseAttentionSampler.of(spec).sample(N_POWER, Readout.OUTPUT,
                ParallelSampler.of(32L).withChunkSize(1000).withThreads(2), null);
        double[] wrong = ParallelSampler.of(33L).sample(N_POWER, independentGammaPerHead(spec), null);
        assertThat(fourthMomentZ(exact, dense)).as("exact vs dense, E[y^4]").isLessThanOrEqualTo(Z);
        // The negative test: the same comparison rejects the alternative (power > 0.99, see the class comment).
        assertThat(fourthMomentZ(exact, wrong)).as("exact vs independent Gamma per head, E[y^4]").isGreaterThan(Z);
    }

    /** @return |mean(a⁴) − mean(b⁴)| / SE for independent samples */
    private static double fourthMomentZ(double[] a, double[] b) {
        double[] a4 = TwoSample.powers(a, 4);
        double[] b4 = TwoSample.powers(b, 4);
        return Math.abs(TwoSample.mean(a4) - TwoSample.mean(b4)) / TwoSample.standardError(a4, b4);
    }

    /**
     * The alternative: the exact sampler (clip_100, whose Wishart shortcut holds at these widths) with
     * {@code Γ = r²T Tᵀ/n} redrawn for every head instead of once per sample.
     */
    static ParallelSampler.ChunkTask independentGammaPerHead(LayerSpec spec) {
        int n = spec.width();
        int s = spec.tokens();
        int heads = spec.heads();
        return (rng, out, from, to) -> {
            org.apache.commons.rng.sampling.distribution.ZigguratSampler.NormalizedGaussian g =
                    org.apache.commons.rng.sampling.distribution.ZigguratSampler.NormalizedGaussian.of(rng);
            var chiN = org.apache.commons.statistics.distribution.ChiSquaredDistribution.of(n).createSampler(rng);
            var bartlett = new org.apache.commons.statistics.distribution.ContinuousDistribution.Sampler[s];
            for (int i = 0; i < s; i++) {
                bartlett[i] = org.apache.commons.statistics.distribution.ChiSquaredDistribution.of(n - i).createSampler(rng);
            }
            double[] l = new double[s * s];
            double[] z = new double[s];
            double[] p = new double[s];
            double[] u = new double[s];
            for (int t = from; t < to; t++) {
                double sum = 0;
                for (int h = 0; h < heads; h++) {
                    double scale = Math.sqrt(chiN.sample() / n) / Math.sqrt(n);
                    for (int i = 0; i < s; i++) {
                        for (int j = 0; j < s; j++) {
                            l[i * s + j] = j < i ? scale * g.sample() : j == i ? scale * Math.sqrt(bartlett[i].sample()) : 0;
                        }
                    }
                    double scoreScale = Math.sqrt(l[0] * l[0] * chiN.sample() / n);
                    for (int i = 0; i < s; i++) {
                        z[i] = g.sample();
                    }
                    PsdRoot.lowerTimes(l, z, scoreScale, p, s);
                    double valueScale = Math.sqrt(chiN.sample() / n);
                    for (int i = 0; i < s; i++) {
                        z[i] = g.sample();
                    }
                    PsdRoot.lowerTimes(l, z, valueScale, u, s);
                    sum += Softmax.dot(p, u, s);
                }
                out[t] = sum / Math.sqrt(heads);
            }
        };
    }
}

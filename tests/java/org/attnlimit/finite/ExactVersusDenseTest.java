package org.attnlimit.finite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.attnlimit.calculus.Activation;
import org.attnlimit.random.ParallelSampler;
import org.hipparchus.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The exact reduced sampler and the dense Appendix B network have the same law (theory/exact-sampler.md):
 * two-sample Kolmogorov–Smirnov test and the first even moments, at small widths where the dense
 * network is cheap.
 *
 * <p>Error budget: 7 cases × 4 assertions = 28 assertions, α = 1e-6 overall → per assertion
 * 3.6e-8, i.e. KS p-value ≥ 3.6e-8 and |difference| ≤ z·SE with two-sided z = 5.5.
 * SEs come from the same samples (variance of the per-sample statistic / N, both samples added).
 */
class ExactVersusDenseTest {
    private static final int N = 20_000;
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
        ParallelSampler ps = ParallelSampler.of(20260101L);
        double[] exact = ExactAttentionSampler.of(spec).sample(N, readout, ps, null);
        double[] dense = DenseAttentionSampler.of(spec).sample(N, readout, ps.withChunkSize(1000).withThreads(2), null);

        double p = new KolmogorovSmirnovTest().kolmogorovSmirnovTest(exact, dense);
        assertThat(p).as("KS p-value").isGreaterThan(P_MIN);
        for (int k : new int[] {1, 2, 4}) {
            double[] a = powers(exact, k);
            double[] b = powers(dense, k);
            double se = Math.sqrt(variance(a) / N + variance(b) / N);
            assertThat(Math.abs(mean(a) - mean(b))).as("E[y^%d] difference, SE %g", k, se).isLessThanOrEqualTo(Z * se);
        }
    }

    static double[] powers(double[] x, int k) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = Math.pow(x[i], k);
        }
        return out;
    }

    static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    static double variance(double[] x) {
        double m = mean(x);
        double s = 0;
        for (double v : x) {
            s += (v - m) * (v - m);
        }
        return s / (x.length - 1);
    }
}

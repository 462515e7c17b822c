package org.attnlimit.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.attnlimit.calculus.Activation;
import org.attnlimit.random.ParallelSampler;
import org.hipparchus.analysis.integration.IterativeLegendreGaussIntegrator;
import org.hipparchus.distribution.continuous.NormalDistribution;
import org.junit.jupiter.api.Test;

class AttentionLimitTest {

    /** Appendix B.1: E[clip_1(Z)²] = 2Φ(1) − 1 − 2φ(1) + 2(1 − Φ(1)). */
    private static final double CLIP1;
    private static final NormalDistribution N01 = new NormalDistribution(0, 1);

    static {
        CLIP1 = 2 * N01.cumulativeProbability(1) - 1 - 2 * N01.density(1) + 2 * (1 - N01.cumulativeProbability(1));
    }

    private static AttentionSetup clip(int s, int h) {
        return new AttentionSetup(Activation.clip(1), s, h, 1, 1, 1, 1, AttentionSetup.iidGram(s, CLIP1, 0));
    }

    /** ReLU inputs (Appendix B.3.2): K_jj = 1/2, K_jl = 1/(2π). */
    private static AttentionSetup relu(int s, int h) {
        return new AttentionSetup(Activation.relu(), s, h, 1, 1, 1, 1, AttentionSetup.iidGram(s, 0.5, 1 / (2 * Math.PI)));
    }

    @Test
    void paperSetupUsesTheCalculusGram() {
        AttentionSetup p = AttentionSetup.paper(Activation.clip(1), 2, 1);
        // Appendix B.1: σ² ≈ 0.516059; the calculus's bound is ~1e-14.
        assertThat(p.gram(0, 0)).isCloseTo(CLIP1, within(1e-12));
        assertThat(p.gram(0, 1)).isCloseTo(0.0, within(1e-12));
        AttentionSetup r = AttentionSetup.paper(Activation.relu(), 3, 2);
        assertThat(r.gram(0, 0)).isCloseTo(0.5, within(1e-12));
        assertThat(r.gram(1, 2)).isCloseTo(1 / (2 * Math.PI), within(1e-12));
        assertThat(r.withHeads(5).heads()).isEqualTo(5);
    }

    @Test
    void scoreLawAgreesWithTheNetsorProgramOfThePaper() {
        // Example 3.1 twice: the hierarchical law's row-1 score covariance σ_Q²σ_K²K_11 K, and Definition
        // 3.1 (B) applied to the .netsor program of the same network. Same calculus numbers: round-off only.
        AttentionLimit law = AttentionLimit.of(AttentionSetup.paper(Activation.clip(1), 4, 2));
        org.attnlimit.program.ProgramLimit program = org.attnlimit.program.ProgramLimit.of(
                org.attnlimit.program.Program.read(java.nio.file.Path.of("theory/programs/mha-s4-h2.netsor")));
        double[][] c = law.scoreCovariance();
        for (int j = 0; j < 4; j++) {
            for (int l = 0; l < 4; l++) {
                assertThat(program.covariance("p2_1" + (j + 1), "p2_1" + (l + 1))).isCloseTo(c[j][l], within(1e-15));
            }
        }
    }

    @Test
    void s2RowOneScoresAreIndependentWithVarianceSigma4() {
        AttentionLimit law = AttentionLimit.of(clip(2, 1));
        double sigma4 = CLIP1 * CLIP1;
        assertThat(CLIP1).isCloseTo(0.516059, within(5e-7));
        assertThat(law.scoreVariance()).isCloseTo(sigma4, within(1e-15));
        double[][] c = law.scoreCovariance();
        assertThat(c[0][0]).isCloseTo(sigma4, within(1e-15));
        assertThat(c[1][1]).isCloseTo(sigma4, within(1e-15));
        assertThat(c[0][1]).isZero();
    }

    @Test
    void s2VarianceAgreesWithAnIndependentOneDimensionalIntegral() {
        // s = 2, K = k I: s_1 = logistic(d), d = p1 − p2 ~ N(0, 2k²), V = k(s_1² + s_2²).
        double k = CLIP1;
        double sd = Math.sqrt(2) * k;
        IterativeLegendreGaussIntegrator integ = new IterativeLegendreGaussIntegrator(16, 1e-14, 1e-16);
        double m1 = integ.integrate(100_000, d -> {
            double s1 = 1 / (1 + Math.exp(-d));
            return k * (s1 * s1 + (1 - s1) * (1 - s1)) * N01.density(d / sd) / sd;
        }, -40 * sd, 40 * sd);
        AttentionLimit law = AttentionLimit.of(clip(2, 1));
        // Target relative error 1e-8 (the estimate says ~1e-10).
        assertThat(law.variance().value()).isCloseTo(m1, within(1e-8 * m1));
        assertThat(law.errorBound()).isLessThan(1e-8);
        // Remark 3.2 by an independent route (quasi-Monte Carlo over the full score vector): it must agree with
        // the 1-D integral within its own stated error (3 SE over random shifts), which must be small.
        assertThat(law.infiniteHeadVarianceByQmcError()).isLessThan(1e-3);
        assertThat(law.infiniteHeadVarianceByQmc()).isCloseTo(m1, within(law.infiniteHeadVarianceByQmcError() * m1 + 1e-8 * m1));
    }

    @Test
    void infiniteHeadVarianceIsComputedIndependentlyAndCanDisagree() {
        // Not a copy of variance(): the quasi-Monte Carlo value differs from the quadrature in the last digits
        // (a tautology would make them bit-identical), and it sees a different Gram (a wrong input) as
        // different: K = diag(k, 4k) moves E[V] by far more than the stated error.
        AttentionLimit law = AttentionLimit.of(clip(3, 2));
        assertThat(law.infiniteHeadVarianceByQmc()).isNotEqualTo(law.variance().value());
        assertThat(Math.abs(law.infiniteHeadVarianceByQmc() / law.variance().value() - 1))
                .isLessThanOrEqualTo(law.infiniteHeadVarianceByQmcError() + law.errorBound());
        double[][] other = {{CLIP1, 0, 0}, {0, 4 * CLIP1, 0}, {0, 0, CLIP1}};
        AttentionLimit wrong = AttentionLimit.of(clip(3, 2).withGram(other));
        assertThat(Math.abs(wrong.infiniteHeadVarianceByQmc() / law.variance().value() - 1))
                .isGreaterThan(10 * (law.infiniteHeadVarianceByQmcError() + law.errorBound()));
    }

    @Test
    void kurtosisIsPositiveAndExactlyProportionalToOneOverH() {
        AttentionLimit one = AttentionLimit.of(relu(4, 1));
        assertThat(one.excessKurtosis().value()).isPositive();
        for (int h : new int[] {2, 3, 10, 1000}) {
            AttentionLimit many = AttentionLimit.of(relu(4, h));
            // kurt(H) = 3(m2 − m1²)/(H m1²): same m1, m2, so equal up to round-off.
            assertThat(many.excessKurtosis().value()).isCloseTo(one.excessKurtosis().value() / h, within(1e-14));
            assertThat(many.variance().value()).isEqualTo(one.variance().value());
        }
    }

    @Test
    void quadratureMomentsAgreeWithTheHierarchicalSampler() {
        // 3 setups x 2 moments = 6 assertions at z = 5 (two-sided α ≈ 3.5e-6 in all).
        int count = 400_000;
        for (AttentionSetup setup : new AttentionSetup[] {relu(4, 1), relu(3, 3), clip(2, 1).withSigmas(2, 1.5, 1, 1)}) {
            AttentionLimit law = AttentionLimit.of(setup);
            double[] y = law.sample(count, ParallelSampler.of(11));
            double[] y2 = Arrays.stream(y).map(v -> v * v).toArray();
            double[] y4 = Arrays.stream(y).map(v -> v * v * v * v).toArray();
            checkMean(y2, law.variance().value(), 5, setup + " E[y^2]");
            checkMean(y4, law.centralFourthMoment().value(), 5, setup + " E[y^4]");
        }
    }

    private static void checkMean(double[] x, double target, double z, String what) {
        double m = Arrays.stream(x).average().orElseThrow();
        double var = Arrays.stream(x).map(v -> (v - m) * (v - m)).sum() / (x.length - 1);
        double se = Math.sqrt(var / x.length);
        assertThat(Math.abs(m - target)).as("%s: %.6g vs %.6g, SE %.2g", what, m, target, se).isLessThanOrEqualTo(z * se);
    }

    @Test
    void pdfIntegratesToOneAndCdfIsItsIntegral() {
        for (AttentionSetup setup : new AttentionSetup[] {clip(2, 1), relu(4, 3)}) {
            AttentionLimit law = AttentionLimit.of(setup);
            double sd = Math.sqrt(law.variance().value());
            // Composite Simpson on [−15 sd, 15 sd]: the density is smooth (a Gaussian mixture), Simpson's
            // error with h = sd/200 is far below 1e-10; the tail beyond 15 sd is below 1e-40.
            int m = 6000;
            double a = -15 * sd;
            double h = 30 * sd / m;
            double[] ys = new double[m + 1];
            for (int i = 0; i <= m; i++) {
                ys[i] = a + i * h;
            }
            double[] f = law.pdf(ys);
            double[] err = law.pdfError(ys);
            double integral = 0;
            double errIntegral = 0;
            double half = 0;
            for (int i = 0; i <= m; i++) {
                double w = (i == 0 || i == m) ? 1 : (i % 2 == 1 ? 4 : 2);
                integral += w * f[i] * h / 3;
                errIntegral += w * err[i] * h / 3;
                if (i == m / 2) {
                    half = integral - w * f[i] * h / 3 / 2;
                }
            }
            // Tolerance: the integral of the stated pointwise error estimate, plus 1e-10 for Simpson.
            assertThat(integral).isCloseTo(1.0, within(errIntegral + 1e-10));
            assertThat(law.cdf(0).atMost()).isCloseTo(0.5, within(1e-15));
            double[] c = law.cdf(ys);
            for (int i = 1; i <= m; i++) {
                assertThat(c[i]).isGreaterThanOrEqualTo(c[i - 1] - 1e-15);   // monotone up to round-off
            }
            assertThat(c[0]).isLessThan(1e-12);
            assertThat(c[m]).isGreaterThan(1 - 1e-12);
        }
    }

    @Test
    void quantileInvertsCdf() {
        AttentionLimit law = AttentionLimit.of(relu(3, 2));
        for (double p : new double[] {1e-6, 0.025, 0.3, 0.5, 0.975, 1 - 1e-6}) {
            double q = law.quantile(p);
            // Brent stops at |Δy| ≤ 1e-14 sd: |F(q) − p| ≤ max pdf · 1e-14 sd + round-off.
            assertThat(law.cdf(q).atMost()).as("p = " + p).isCloseTo(p, within(1e-13));
        }
        assertThat(law.quantile(0.5)).isCloseTo(0.0, within(1e-13));
        assertThatThrownBy(() -> law.quantile(1.0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cdfMatchesSamplerKolmogorovSmirnov() {
        int count = 50_000;
        for (AttentionSetup setup : new AttentionSetup[] {clip(2, 1), relu(4, 2)}) {
            AttentionLimit law = AttentionLimit.of(setup);
            double[] y = law.sample(count, ParallelSampler.of(5));
            Arrays.sort(y);
            double[] f = law.cdf(y);
            double d = 0;
            for (int i = 0; i < count; i++) {
                d = Math.max(d, Math.max(Math.abs((i + 1.0) / count - f[i]), Math.abs((double) i / count - f[i])));
            }
            // Kolmogorov: P(√N D > x) ≤ 2exp(−2x²); 2 tests at α = 1e-6 in all → x = √(ln(4e6)/2) = 2.76.
            assertThat(Math.sqrt(count) * d).isLessThan(2.76);
        }
    }

    @Test
    void sameSeedSameSamplesForOneAndFourThreads() {
        AttentionLimit law = AttentionLimit.of(relu(3, 2));
        double[] one = law.sample(10_001, ParallelSampler.of(42).withThreads(1));
        double[] four = law.sample(10_001, ParallelSampler.of(42).withThreads(4));
        assertThat(four).containsExactly(one);
        assertThat(law.sample(100, ParallelSampler.of(43))).isNotEqualTo(Arrays.copyOf(one, 100));
    }

    @Test
    void hugeScoresStayFinite() {
        AttentionLimit law = AttentionLimit.of(relu(3, 1).withSigmas(1e3, 1e3, 1, 1));
        double[] y = law.sample(1000, ParallelSampler.of(1));
        assertThat(Arrays.stream(y).allMatch(Double::isFinite)).isTrue();
        assertThat(law.variance().value()).isFinite().isPositive();
        // One-hot softmax in the limit: V → K_jj = 1/2 for the winning token. Gauss–Hermite nodes cannot
        // resolve the softmax at this scale, so the answer must come from quasi-Monte Carlo, whose error
        // estimate (3 SE) is honest; the kurtosis of an equal-weight node set is ≥ 0 by Jensen.
        assertThat(law.method().description()).contains("quasi-Monte Carlo");
        assertThat(law.variance().value()).isCloseTo(0.5, within(1e-4));
        assertThat(law.errorBound()).isPositive();
        assertThat(law.excessKurtosis().value()).isGreaterThanOrEqualTo(0.0);
    }

    @Test
    void tenTokensUseQuasiMonteCarloWithAnHonestError() {
        AttentionLimit law = AttentionLimit.of(clip(10, 1));
        assertThat(law.method().description()).contains("quasi-Monte Carlo");
        double[] y = law.sample(200_000, ParallelSampler.of(3));
        double[] y2 = Arrays.stream(y).map(v -> v * v).toArray();
        double m = Arrays.stream(y2).average().orElseThrow();
        double se = Math.sqrt(Arrays.stream(y2).map(v -> (v - m) * (v - m)).sum() / (y2.length - 1) / y2.length);
        // z = 5 on the sampler, plus the quadrature's own (3-SE) error estimate.
        assertThat(Math.abs(m - law.variance().value())).isLessThanOrEqualTo(5 * se + law.errorBound() * law.variance().value());
    }

    @Test
    void badInputIsRejected() {
        double[][] k = AttentionSetup.iidGram(2, 1, 0);
        assertThatThrownBy(() -> new AttentionSetup(Activation.relu(), 0, 1, 1, 1, 1, 1, new double[0][0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tokens");
        assertThatThrownBy(() -> new AttentionSetup(Activation.relu(), 2, 0, 1, 1, 1, 1, k))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("heads");
        assertThatThrownBy(() -> new AttentionSetup(Activation.relu(), 2, 1, 0, 1, 1, 1, k))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sigma_Q");
        assertThatThrownBy(() -> new AttentionSetup(Activation.relu(), 2, 1, 1, Double.NaN, 1, 1, k))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sigma_K");
        assertThatThrownBy(() -> new AttentionSetup(Activation.relu(), 2, 1, 1, 1, 1, 1, new double[][] {{1, 2}, {2, 1}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive semi-definite");
        assertThatThrownBy(() -> new AttentionSetup(Activation.relu(), 2, 1, 1, 1, 1, 1, new double[][] {{1, Double.NaN}, {0, 1}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite");
        assertThatThrownBy(() -> new AttentionSetup(Activation.relu(), 2, 1, 1, 1, 1, 1, new double[][] {{1, 0.5}, {0.4, 1}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("symmetric");
        assertThatThrownBy(() -> AttentionLimit.of(clip(2, 1)).density(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}

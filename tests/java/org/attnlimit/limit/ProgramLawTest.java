package org.attnlimit.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.attnlimit.calculus.Activation;
import org.attnlimit.program.NonlinFunction;
import org.attnlimit.program.Program;
import org.attnlimit.program.ProgramLimit;
import org.attnlimit.program.Statement;
import org.attnlimit.random.ParallelSampler;
import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.hipparchus.linear.MatrixUtils;
import org.junit.jupiter.api.Test;

/** Theorem 3.1's law of program outputs ({@link ProgramLaw}) against independent references. */
class ProgramLawTest {

    static Program example(String name) {
        return Program.read(Path.of("theory/programs/" + name + ".netsor"));
    }

    @Test
    void mhaProgramGivesTheLimitCommandsNumbers() {
        // Done-when of the issue: the program's y1 has the variance and excess kurtosis of Example 3.1's
        // hard-wired law (attnlimit limit --phi clip:c=1 --tokens 4 --heads 2) to 1e-8 relative. Both sides'
        // error estimates are ~1e-14, so 1e-8 is far from noise.
        ProgramLaw law = ProgramLaw.of(example("mha-s4-h2"), List.of("y1"));
        AttentionLimit ref = AttentionLimit.of(AttentionSetup.paper(Activation.clip(1), 4, 2));
        ProgramLaw.Moments m = law.moments("y1");
        assertThat(m.relativeError()).isLessThan(1e-10);
        assertThat(m.conditionallyGaussian()).isTrue();
        assertThat(m.variance()).isCloseTo(ref.variance().value(), within(1e-8 * ref.variance().value()));
        assertThat(m.excessKurtosis()).isCloseTo(ref.excessKurtosis().value(), within(1e-8 * ref.excessKurtosis().value()));
        assertThat(m.fourthMoment()).isCloseTo(ref.centralFourthMoment().value(), within(1e-8 * ref.centralFourthMoment().value()));
        double[] at = {-0.7, 0, 0.4};
        Estimate[] pdf = law.pdf("y1", at);
        Estimate[] cdf = law.cdf("y1", at);
        for (int i = 0; i < at.length; i++) {
            // Same head law, same inversion scheme: agreement within the stated error estimates.
            Estimate f = ref.density(at[i]);
            Law.Cdf c = ref.cdf(at[i]);
            assertThat(pdf[i].value()).isCloseTo(f.value(), within(pdf[i].error() + f.error()));
            assertThat(cdf[i].value()).isCloseTo(c.atMost(), within(cdf[i].error() + c.error()));
        }
        // Negative control: three heads instead of two is a different law, far outside 1e-8.
        Program h3 = Program.parse(org.attnlimit.program.Program.read(Path.of("theory/programs/mha-s4-h2.netsor"))
                .toText().replace("0.7071067811865475", "0.5773502691896258")
                + "matrix WQ3 WK3 WV3 WO3\n");
        ProgramLaw wrong = ProgramLaw.of(h3, List.of("y1"));
        assertThat(Math.abs(wrong.moments("y1").variance() - ref.variance().value())).isGreaterThan(1e-3);
    }

    @Test
    void tenTokensSixteenHeadsIsTheSameFileAndStillExact() throws Exception {
        // s = 10, H = 16 by changing the two lets: the exchangeable-token reduction (as in attnlimit limit)
        // keeps the relative error ~1e-14, so 1e-8 agreement holds there too.
        String text = java.nio.file.Files.readString(Path.of("theory/programs/mha-s4-h2.netsor"))
                .replace("let s = 4", "let s = 10").replace("let H = 2", "let H = 16");
        ProgramLaw.Moments m = ProgramLaw.of(Program.parse(text), List.of("y1")).moments("y1");
        AttentionLimit ref = AttentionLimit.of(AttentionSetup.paper(Activation.clip(1), 10, 16));
        assertThat(m.variance()).isCloseTo(ref.variance().value(), within(1e-8 * ref.variance().value()));
        assertThat(m.excessKurtosis()).isCloseTo(ref.excessKurtosis().value(), within(1e-8 * ref.excessKurtosis().value()));
        assertThat(m.method()).contains("16 identical parts", "exchangeable tokens");
    }

    @Test
    void fastAttentionPathEqualsTheGeneralPath() {
        // The Example 3.1 head (HeadQuadrature) against the generic affine-in-G path (ScoreNodes), forced by
        // writing the values as prod(1, u_j). Both converge to ~1e-12; 1e-9 relative is a safe margin.
        Program p = Program.parse(example("relu-attention").toText()
                + "o2 = attend(p11, p12, p13; prod(1, u1), prod(1, u2), prod(1, u3))\n");
        ProgramLaw law = ProgramLaw.of(p, List.of("o", "o2"));
        ProgramLaw.Moments fast = law.moments("o");
        ProgramLaw.Moments general = law.moments("o2");
        assertThat(fast.method()).contains("Example 3.1");
        assertThat(general.method()).doesNotContain("Example 3.1");
        assertThat(general.variance()).isCloseTo(fast.variance(), within(1e-9 * fast.variance()));
        assertThat(general.fourthMoment()).isCloseTo(fast.fourthMoment(), within(1e-9 * fast.fourthMoment()));
        double[] at = {0.3};
        assertThat(law.cdf("o2", at)[0].value()).isCloseTo(law.cdf("o", at)[0].value(), within(1e-9));
    }

    /** One output of one example, for the Monte Carlo check. */
    record Case(String file, String output) {
    }

    static final List<Case> CASES = List.of(new Case("mha-s4-h2", "y1"), new Case("sigmoid-attention", "y"),
            new Case("causal-mask", "y3"), new Case("cross-attention", "y1"), new Case("temperature", "y"),
            new Case("residual", "y"), new Case("residual", "z"), new Case("relu-attention", "y"),
            new Case("shared-scores", "y'"));

    @Test
    void everyExampleMatchesAnIndependentMonteCarloOfPsi() {
        // Independent reference: draw the G-vars and the scores from their Gaussian laws directly
        // (Definition 3.1; Cholesky-free symmetric roots of ProgramLimit's covariances), then evaluate the
        // program's Nonlins in order: ψ(Z^g; p̊). Nothing of ProgramLaw (inlining, parts, quadrature,
        // inversion) is used. N = 200000 draws per case, fixed seeds, a stream per case.
        // 9 cases x 5 statistics (mean, variance, central 4th moment, CDF at two points) = 45 assertions;
        // overall false-failure rate α = 1e-6 → two-sided per assertion 1.1e-8 → z = 5.6 (5.7 used). Each SE is
        // estimated from the same draws (delta method for the central moments).
        double z = 5.7;
        int n = 200_000;
        long seed = 100;
        for (Case c : CASES) {
            Program p = example(c.file());
            double[] y = monteCarlo(p, c.output(), n, seed++);
            ProgramLaw law = ProgramLaw.of(p, List.of(c.output()));
            ProgramLaw.Moments m = law.moments(c.output());
            double[] s = stats(y);
            String label = c.file() + ":" + c.output();
            assertThat(s[0]).as(label + " mean").isCloseTo(m.mean(), within(z * s[3]));
            assertThat(s[1]).as(label + " variance").isCloseTo(m.variance(), within(z * s[4]));
            assertThat(s[2]).as(label + " 4th central").isCloseTo(m.fourthMoment(), within(z * s[5]));
            double[] at = {m.mean() - Math.sqrt(m.variance()), m.mean() + 0.5 * Math.sqrt(m.variance())};
            Estimate[] cdf = law.cdf(c.output(), at);
            for (int i = 0; i < at.length; i++) {
                double count = 0;
                for (double v : y) {
                    count += v <= at[i] ? 1 : 0;
                }
                double f = count / n;
                double se = Math.sqrt(cdf[i].value() * (1 - cdf[i].value()) / n);
                assertThat(f).as(label + " cdf at " + at[i]).isCloseTo(cdf[i].value(), within(z * se + cdf[i].error()));
            }
        }
    }

    @Test
    void aGeneralFunctionOfOneFeatureUsesNestedGaussLegendre() {
        // z = softmax_1(p)·clip_1(h1): not conditionally Gaussian, not one activation of the feature, so the
        // inner expectation is composite Gauss–Legendre split at clip's kinks. Against the independent Monte
        // Carlo: 3 assertions at α = 1e-6 overall → z = 5.3; 200000 draws.
        Program p = Program.parse("let s = 2\ninput h ~ N(0, 1)\nfor j in 1..s: matrix W{j}\n"
                + "for j in 1..s: h{j} = W{j} h\nfor j in 1..s: x{j} = clip:c=1(h{j})\nmatrix WQ WK\nq1 = WQ x1\n"
                + "for j in 1..s: k{j} = WK x{j}\nfor j in 1..s: p1{j} = score(q1, k{j})\n"
                + "w = softmax(1; p11, p12)\nz = prod(w, x1)\n");
        ProgramLaw.Moments m = ProgramLaw.of(p, List.of("z")).moments("z");
        assertThat(m.method()).contains("composite Gauss-Legendre");
        assertThat(m.relativeError()).isLessThan(1e-9);
        double[] s = stats(monteCarlo(p, "z", 200_000, 21));
        assertThat(s[0]).isCloseTo(m.mean(), within(5.3 * s[3]));
        assertThat(s[1]).isCloseTo(m.variance(), within(5.3 * s[4]));
        assertThat(s[2]).isCloseTo(m.fourthMoment(), within(5.3 * s[5]));
    }

    @Test
    void monteCarloCheckFailsOnAWrongLaw() {
        // Negative control of the test above: relu(attend(...)) against the law of attend(...) itself.
        Program p = example("relu-attention");
        double[] y = monteCarlo(p, "y", 200_000, 7);
        double[] s = stats(y);
        ProgramLaw.Moments wrong = ProgramLaw.of(p, List.of("o")).moments("o");
        assertThat(Math.abs(s[0] - wrong.mean())).isGreaterThan(5.7 * s[3]);
        assertThat(Math.abs(s[1] - wrong.variance())).isGreaterThan(5.7 * s[4]);
    }

    @Test
    void notConditionallyGaussianAgreesWithNestedQuadrature() {
        // relu-attention: y = relu(Σ_j softmax_j(p̊) U_j), p̊_j iid N(0, K11²) (Cov(p̊_1j, p̊_1l) = K11 K_jl,
        // K = K11·I), U ~ N(0, K11·I). Given p̊, y = relu(N(0, v)), v = K11 Σ_j s_j², so
        // E[y^k | p̊] = v^{k/2} E[relu(Z)^k] = v^{k/2}·{1/√(2π), 1/2, 2/√(2π), 3/2}. Outer: a plain tensor
        // Gauss–Hermite rule over the three raw scores (no shift reduction), Hipparchus's rule (not the
        // engine's HermiteRule), orders 30 and 40: their difference bounds the reference's error.
        ProgramLimit limit = ProgramLimit.of(example("relu-attention"));
        double k11 = limit.secondMoment("x1", "x1");
        double[] ref40 = nested(k11, 40);
        double[] ref30 = nested(k11, 30);
        ProgramLaw.Moments m = ProgramLaw.of(example("relu-attention"), List.of("y")).moments("y");
        assertThat(m.conditionallyGaussian()).isFalse();
        assertThat(m.method()).contains("nested quadrature");
        double[] got = {m.mean(), m.variance(), m.fourthMoment()};
        for (int i = 0; i < 3; i++) {
            double bound = 10 * Math.abs(ref40[i] - ref30[i]) + 1e-12;   // 10× the reference's own error estimate
            assertThat(got[i]).as("moment %d", i).isCloseTo(ref40[i], within(bound));
            assertThat(bound).isLessThan(1e-6 * Math.abs(ref40[i]));
        }
        // Negative control: the same reference with the wrong relu constants (those of |Z|) is far off.
        assertThat(Math.abs(got[0] - 2 * ref40[0])).isGreaterThan(0.1);
    }

    /** {mean, variance, central fourth moment} of relu(N(0, K11 Σ s_j²)) by tensor Gauss–Hermite. */
    private static double[] nested(double k11, int order) {
        var rule = new org.hipparchus.analysis.integration.gauss.GaussIntegratorFactory().hermite(order);
        int m = rule.getNumberOfPoints();
        double sd = k11;   // sd of each score: √(K11·K11)
        double[] raw = new double[5];
        double[] c = {0, 1 / Math.sqrt(2 * Math.PI), 0.5, 2 / Math.sqrt(2 * Math.PI), 1.5};
        double[] p = new double[3];
        for (int a = 0; a < m; a++) {
            for (int b = 0; b < m; b++) {
                for (int d = 0; d < m; d++) {
                    double w = rule.getWeight(a) * rule.getWeight(b) * rule.getWeight(d) / Math.pow(Math.PI, 1.5);
                    p[0] = Math.sqrt(2) * sd * rule.getPoint(a);
                    p[1] = Math.sqrt(2) * sd * rule.getPoint(b);
                    p[2] = Math.sqrt(2) * sd * rule.getPoint(d);
                    double max = Math.max(p[0], Math.max(p[1], p[2]));
                    double e0 = Math.exp(p[0] - max);
                    double e1 = Math.exp(p[1] - max);
                    double e2 = Math.exp(p[2] - max);
                    double sum = e0 + e1 + e2;
                    double q = (e0 * e0 + e1 * e1 + e2 * e2) / (sum * sum);
                    double v = k11 * q;
                    for (int k = 1; k <= 4; k++) {
                        raw[k] += w * Math.pow(v, k / 2.0) * c[k];
                    }
                }
            }
        }
        double mu = raw[1];
        double var = raw[2] - mu * mu;
        double c4 = raw[4] - 4 * raw[3] * mu + 6 * raw[2] * mu * mu - 3 * mu * mu * mu * mu;
        return new double[] {mu, var, c4};
    }

    @Test
    void jointMomentsShowDependenceThroughTheScores() {
        // Two heads' outputs for one token are independent (different matrices, independent scores).
        ProgramLaw heads = ProgramLaw.of(example("mha-s4-h2"), List.of("o1_1", "o2_1"));
        ProgramLaw.Joint h = heads.joint();
        assertThat(h.covariance()[0][1]).isCloseTo(0, within(1e-12));   // exactly 0 at every node (independent U's)
        // E[c1²c2²] = Σ11Σ22, within the joint's error estimate (3 SE of RQMC, relative to Σ11Σ22).
        double s12 = h.covariance()[0][0] * h.covariance()[1][1];
        assertThat(h.fourth()[0][1]).isCloseTo(s12, within(h.relativeError() * s12));
        // y1 and y2 share the value vectors: correlated, and E[c1²c2²] exceeds the Gaussian Σ11Σ22 + 2Σ12²
        // (dependence through the scores) by more than 5 error estimates (it is ~15).
        ProgramLaw.Joint j = ProgramLaw.of(example("mha-s4-h2"), List.of("y1", "y2")).joint();
        double scale = j.covariance()[0][0] * j.covariance()[1][1];
        assertThat(j.covariance()[0][1]).isGreaterThan(0.1);
        assertThat(j.fourth()[0][1] - j.gaussianFourth()[0][1]).isGreaterThan(5 * j.relativeError() * scale);
    }

    @Test
    void sharedScoresMakeUncorrelatedOutputsDependent() {
        // y and y' read the same scores through independent values: Cov = 0 exactly, but E[y²y'²] =
        // E[E[y²|p]E[y'²|p]] > E[y²]E[y'²]. Law (tensor rule, error ~1e-14) against the independent Monte
        // Carlo of ψ(Z^g; p̊): 2 assertions at α = 1e-6 → z = 5.3, SEs from the same 400000 draws.
        Program p = example("shared-scores");
        ProgramLaw.Joint j = ProgramLaw.of(p, List.of("y", "y'")).joint();
        assertThat(j.covariance()[0][1]).isCloseTo(0, within(1e-15));
        double excess = j.fourth()[0][1] - j.gaussianFourth()[0][1];
        assertThat(excess).isGreaterThan(1e6 * j.relativeError() * j.fourth()[0][1]);
        double[][] d = monteCarlo(p, List.of("y", "y'"), 400_000, 77);
        int n = d[0].length;
        double cov = 0;
        double f = 0;
        double f2 = 0;
        double c2 = 0;
        for (int i = 0; i < n; i++) {
            double x = d[0][i] * d[1][i];
            cov += x / n;
            c2 += x * x / n;
            double q = d[0][i] * d[0][i] * d[1][i] * d[1][i];
            f += q / n;
            f2 += q * q / n;
        }
        assertThat(cov).isCloseTo(0, within(5.3 * Math.sqrt(c2 / n)));
        assertThat(f).isCloseTo(j.fourth()[0][1], within(5.3 * Math.sqrt((f2 - f * f) / n)));
    }

    @Test
    void badNamesAreRefused() {
        Program p = example("mha-s4-h2");
        assertThatThrownBy(() -> ProgramLaw.of(p, List.of("nope"))).hasMessage("no vector named 'nope' in the program");
        assertThatThrownBy(() -> ProgramLaw.of(p, List.of("p1_11"))).hasMessageStartingWith("'p1_11' is a score, not a vector");
        assertThatThrownBy(() -> ProgramLaw.of(p, List.of("WQ1"))).hasMessageStartingWith("'WQ1' is a matrix");
        assertThatThrownBy(() -> ProgramLaw.of(p, List.of("y1", "y1"))).hasMessage("output 'y1' is named twice");
    }

    @Test
    void samplerMatchesTheLawAndIsThreadIndependent() {
        // Hierarchical sampler vs the law: 100000 draws of sigmoid-attention's y; 2 assertions at α = 1e-6
        // overall → z = 5.3. And the draws do not depend on the thread count (same seed, 1 vs 3 threads).
        Program p = example("sigmoid-attention");
        ProgramLaw law = ProgramLaw.of(p, List.of("y"));
        double[] y = law.sample(100_000, ParallelSampler.of(5).withThreads(3))[0];
        double[] y1 = law.sample(100_000, ParallelSampler.of(5).withThreads(1))[0];
        assertThat(y).containsExactly(y1);
        double[] s = stats(y);
        assertThat(s[0]).isCloseTo(law.moments("y").mean(), within(5.3 * s[3]));
        assertThat(s[1]).isCloseTo(law.moments("y").variance(), within(5.3 * s[4]));
    }

    @Test
    void mixtureInversionIsExactForOneShiftedGaussian() {
        // N(0.7, 2): the trapezoidal inversion is exact up to the stated aliasing/truncation bounds (< 1e-15).
        MixtureInversion inv = new MixtureInversion(List.of(new MixtureInversion.Component(new double[] {1},
                new double[] {0.7}, new double[] {2}, 1)));
        org.hipparchus.distribution.continuous.NormalDistribution nd =
                new org.hipparchus.distribution.continuous.NormalDistribution(0.7, Math.sqrt(2));
        for (double x : new double[] {-3, 0, 0.7, 2.5}) {
            assertThat(inv.pdf(x)).isCloseTo(nd.density(x), within(1e-13));
            assertThat(inv.cdf(x)).isCloseTo(nd.cumulativeProbability(x), within(1e-13));
        }
        // Two iid copies of N(0.7, 2) are N(1.4, 4) — not N(0.7, 4) (negative control of the shift).
        MixtureInversion two = new MixtureInversion(List.of(new MixtureInversion.Component(new double[] {1},
                new double[] {0.7}, new double[] {2}, 2)));
        assertThat(two.cdf(1.4)).isCloseTo(0.5, within(1e-13));
        assertThat(Math.abs(two.cdf(0.7) - 0.5)).isGreaterThan(0.1);
    }

    // ------------------------------------------------------------------ the independent Monte Carlo

    /** Draws of ψ(Z^g; p̊) for {@code output}: G-vars and scores from their laws, Nonlins in program order. */
    static double[] monteCarlo(Program p, String output, int n, long seed) {
        return monteCarlo(p, List.of(output), n, seed)[0];
    }

    /** As above, several outputs from the same draws. */
    static double[][] monteCarlo(Program p, List<String> outputs, int n, long seed) {
        ProgramLimit limit = ProgramLimit.of(p);
        List<String> g = limit.gVars();
        double[][] gRoot = root(limit.gCovariance());
        double[] gMean = limit.gMean();
        List<String> scores = p.scores();
        double[][] sRoot = root(limit.scoreCovariance());
        List<Statement.Nonlin> nonlins = new ArrayList<>();
        for (Statement s : p.statements()) {
            if (s instanceof Statement.Nonlin nl) {
                nonlins.add(nl);
            }
        }
        UniformRandomProvider rng = RandomSource.L64_X128_MIX.create(seed);
        ZigguratSampler.NormalizedGaussian gauss = ZigguratSampler.NormalizedGaussian.of(rng);
        double[][] out = new double[outputs.size()][n];
        double[] zg = new double[g.size()];
        double[] zs = new double[scores.size()];
        for (int i = 0; i < n; i++) {
            Map<String, Double> value = new HashMap<>();
            for (int a = 0; a < zg.length; a++) {
                zg[a] = gauss.sample();
            }
            for (int a = 0; a < zs.length; a++) {
                zs[a] = gauss.sample();
            }
            for (int a = 0; a < g.size(); a++) {
                double v = gMean[a];
                for (int b = 0; b < zg.length; b++) {
                    v += gRoot[a][b] * zg[b];
                }
                value.put(g.get(a), v);
            }
            Map<String, Double> sv = new HashMap<>();
            for (int a = 0; a < scores.size(); a++) {
                double v = 0;
                for (int b = 0; b < zs.length; b++) {
                    v += sRoot[a][b] * zs[b];
                }
                sv.put(scores.get(a), v);
            }
            for (Statement.Nonlin nl : nonlins) {
                NonlinFunction f = p.function(nl.out());
                double[] x = f.vectors().stream().mapToDouble(value::get).toArray();
                double[] q = f.scores().stream().mapToDouble(sv::get).toArray();
                value.put(nl.out(), f.applyAt(x, q));
            }
            for (int a = 0; a < outputs.size(); a++) {
                out[a][i] = value.get(outputs.get(a));
            }
        }
        return out;
    }

    /** {mean, variance, central 4th, SE(mean), SE(variance), SE(4th)} by the delta method. */
    static double[] stats(double[] y) {
        int n = y.length;
        double mean = 0;
        for (double v : y) {
            mean += v / n;
        }
        double[] c = new double[9];
        for (double v : y) {
            double d = v - mean;
            double p = 1;
            for (int k = 1; k <= 8; k++) {
                p *= d;
                c[k] += p / n;
            }
        }
        double var = c[2];
        double m4 = c[4];
        double seMean = Math.sqrt(var / n);
        double seVar = Math.sqrt((m4 - var * var) / n);
        // Influence function of μ4: (d⁴ − μ4) − 4μ3·d; its variance gives the SE.
        double infl = c[8] - m4 * m4 - 8 * c[3] * c[5] + 16 * c[3] * c[3] * var;
        double se4 = Math.sqrt(Math.max(infl, 0) / n);
        return new double[] {mean, var, m4, seMean, seVar, se4};
    }

    private static double[][] root(double[][] c) {
        int k = c.length;
        double[][] r = new double[k][k];
        if (k == 0) {
            return r;
        }
        EigenDecompositionSymmetric eig = new EigenDecompositionSymmetric(MatrixUtils.createRealMatrix(c));
        for (int m = 0; m < k; m++) {
            double f = Math.sqrt(Math.max(0, eig.getEigenvalues()[m]));
            double[] v = eig.getEigenvector(m).toArray();
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    r[i][j] += f * v[i] * v[j];
                }
            }
        }
        return r;
    }
}

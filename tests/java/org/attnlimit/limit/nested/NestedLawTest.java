package org.attnlimit.limit.nested;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.attnlimit.limit.ProgramLaw;
import org.attnlimit.program.Program;
import org.attnlimit.random.ParallelSampler;
import org.junit.jupiter.api.Test;

/**
 * The conjectured nested-conditioning law ({@link NestedLaw}) against an independent Monte Carlo of the same
 * hierarchy, written out by hand below for each example (no code of the law is used: softmax, Cholesky and
 * the Isserlis covariances are re-derived here), and the negative controls.
 *
 * <p>Tolerances: {@code |law − mc| ≤ Z·√(SE_mc² + SE_law²)}, {@code SE_law} = the law's error estimate / 3.
 * At most 26 agreement assertions in this class at α = 1e-6 overall → {@code Z = 5.5} (two-sided 3.8e-8 each,
 * 26 × 3.8e-8 = 9.9e-7).
 */
class NestedLawTest {
    static final double Z = 5.5;
    static final double[][] GRAM = {{2, 0.6, 0}, {0.6, 4, 0.4}, {0, 0.4, 0.25}};

    static final String STACKED = """
            input x1 x2 x3 ~ N(0, [[2, 0.6, 0], [0.6, 4, 0.4], [0, 0.4, 0.25]])
            matrix WQ WK WV WO
            for j in 1..3: q{j} = WQ x{j}
            for j in 1..3: k{j} = WK x{j}
            for j in 1..3: v{j} = WV x{j}
            for j in 1..3: u{j} = WO v{j}
            for i in 1..3, j in 1..3: p{i}{j} = score(q{i}, k{j})
            for i in 1..3: y{i} = attend(p{i}1, p{i}2, p{i}3; u1, u2, u3)
            matrix WQ2 WK2 WV2 WO2
            r1 = WQ2 y1
            for j in 1..3: t{j} = WK2 y{j}
            for j in 1..3: w{j} = WV2 y{j}
            for j in 1..3: o{j} = WO2 w{j}
            for j in 1..3: P1{j} = score(r1, t{j})
            z = attend(P11, P12, P13; o1, o2, o3)
            """;

    /** Attention, then a ReLU MLP with a residual, then a second attention layer. */
    static final String MLP = """
            input x1 x2 x3 ~ N(0, [[2, 0.6, 0], [0.6, 4, 0.4], [0, 0.4, 0.25]])
            matrix WQ WK WV WO W1 W2
            for j in 1..3: q{j} = WQ x{j}
            for j in 1..3: k{j} = WK x{j}
            for j in 1..3: v{j} = WV x{j}
            for j in 1..3: u{j} = WO v{j}
            for i in 1..3, j in 1..3: p{i}{j} = score(q{i}, k{j})
            for i in 1..3: y{i} = attend(p{i}1, p{i}2, p{i}3; u1, u2, u3)
            for j in 1..3: a{j} = W1 y{j}
            for j in 1..3: m{j} = relu(a{j})
            for j in 1..3: b{j} = W2 m{j}
            for j in 1..3: h{j} = sum(y{j}, b{j})
            matrix WQ2 WK2 WV2 WO2
            r1 = WQ2 h1
            for j in 1..3: t{j} = WK2 h{j}
            for j in 1..3: w{j} = WV2 h{j}
            for j in 1..3: o{j} = WO2 w{j}
            for j in 1..3: P1{j} = score(r1, t{j})
            z = attend(P11, P12, P13; o1, o2, o3)
            f = relu(z)
            """;

    static Program program(String text) {
        return Program.parse(text, Program.Options.beyondTheorem());
    }

    // ------------------------------------------------------------------ the independent Monte Carlo

    /** Monte Carlo estimates of {E[V], E[V²]} (V the conditional variance of z) with their standard errors. */
    record Mc(double ev, double seV, double ev2, double seV2) {
        double variance() {
            return ev;
        }

        double fourth() {
            return 3 * ev2;
        }
    }

    /**
     * The conjectured hierarchy for {@link #STACKED} / {@link #MLP}, by hand: level-1 scores
     * {@code p_ij ~ N(0, K_ik K_jl)}; {@code C¹ = S K Sᵀ}, {@code S} the row softmaxes; for the MLP
     * {@code C = C¹ + E[relu(A_i) relu(A_j)]}, {@code A ~ N(0, C¹)}; level-2 scores
     * {@code P_1j ~ N(0, C_11 C_jl)} given level 1 — or, {@code unconditional}, from a fixed covariance
     * {@code avg} — and {@code V = s²ᵀ C s²}.
     */
    static Mc monteCarlo(boolean mlp, int draws, long seed, double[][] avg) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
        double[][] kk = new double[9][9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 3; k++) {
                    for (int l = 0; l < 3; l++) {
                        kk[3 * i + j][3 * k + l] = GRAM[i][k] * GRAM[j][l];
                    }
                }
            }
        }
        double[][] lk = chol(kk);
        double[][] lAvg = avg == null ? null : chol(avg);
        double s1 = 0;
        double s2 = 0;
        double q1 = 0;
        double q2 = 0;
        for (int t = 0; t < draws; t++) {
            double[] p = times(lk, normals(g, 9));
            double[][] s = new double[3][];
            for (int i = 0; i < 3; i++) {
                s[i] = softmax(new double[] {p[3 * i], p[3 * i + 1], p[3 * i + 2]});
            }
            double[][] c = new double[3][3];
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    c[i][j] = quad(s[i], GRAM, s[j]);
                }
            }
            if (mlp) {
                double[][] h = new double[3][3];
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 3; j++) {
                        double si = Math.sqrt(c[i][i]);
                        double sj = Math.sqrt(c[j][j]);
                        double rho = Math.max(-1, Math.min(1, c[i][j] / (si * sj)));
                        // E[relu(A) relu(B)] for centred (A, B): the arc-cosine kernel of degree 1
                        h[i][j] = c[i][j] + si * sj * (Math.sin(Math.acos(rho)) + (Math.PI - Math.acos(rho)) * rho)
                                / (2 * Math.PI);
                    }
                }
                c = h;
            }
            double[][] cov2 = new double[3][3];
            for (int j = 0; j < 3; j++) {
                for (int l = 0; l < 3; l++) {
                    cov2[j][l] = c[0][0] * c[j][l];
                }
            }
            double[] pp = times(lAvg != null ? lAvg : chol(cov2), normals(g, 3));
            double v = quad(softmax(pp), c, softmax(pp));
            s1 += v;
            q1 += v * v;
            s2 += v * v;
            q2 += v * v * v * v;
        }
        double m1 = s1 / draws;
        double m2 = s2 / draws;
        return new Mc(m1, Math.sqrt((q1 / draws - m1 * m1) / draws), m2, Math.sqrt((q2 / draws - m2 * m2) / draws));
    }

    /** The averaged level-2 covariance {@code E[C_11 C_jl]} of {@link #monteCarlo}'s hierarchy. */
    static double[][] averagedLevel2(boolean mlp, int draws, long seed) {
        // E[C_11 C_jl] by the same Monte Carlo: reuse it with V replaced by the covariance entries
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
        double[][] kk = new double[9][9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 3; k++) {
                    for (int l = 0; l < 3; l++) {
                        kk[3 * i + j][3 * k + l] = GRAM[i][k] * GRAM[j][l];
                    }
                }
            }
        }
        double[][] lk = chol(kk);
        double[][] avg = new double[3][3];
        for (int t = 0; t < draws; t++) {
            double[] p = times(lk, normals(g, 9));
            double[][] s = new double[3][];
            for (int i = 0; i < 3; i++) {
                s[i] = softmax(new double[] {p[3 * i], p[3 * i + 1], p[3 * i + 2]});
            }
            double[][] c = new double[3][3];
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    c[i][j] = quad(s[i], GRAM, s[j]);
                }
            }
            for (int j = 0; j < 3; j++) {
                for (int l = 0; l < 3; l++) {
                    avg[j][l] += c[0][0] * c[j][l] / draws;
                }
            }
        }
        return avg;
    }

    /**
     * The averages of the covariance table of {@link #STACKED} by hand: {@code E[C_jl]} ({@code Cov(t_j, t_l)},
     * {@code Cov(o_j, o_l)}) and {@code E[C_11 C_jl]} ({@code Cov(P1j, P1l)}), C the level-1 Gram {@code S K Sᵀ}.
     *
     * @return {mean C, SE C, mean C11·C, SE C11·C}, each 3×3
     */
    static double[][][] tableAverages(int draws, long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
        double[][] kk = new double[9][9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 3; k++) {
                    for (int l = 0; l < 3; l++) {
                        kk[3 * i + j][3 * k + l] = GRAM[i][k] * GRAM[j][l];
                    }
                }
            }
        }
        double[][] lk = chol(kk);
        double[][][] sums = new double[4][3][3];
        for (int t = 0; t < draws; t++) {
            double[] p = times(lk, normals(g, 9));
            double[][] s = new double[3][];
            for (int i = 0; i < 3; i++) {
                s[i] = softmax(new double[] {p[3 * i], p[3 * i + 1], p[3 * i + 2]});
            }
            double[][] c = new double[3][3];
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    c[i][j] = quad(s[i], GRAM, s[j]);
                }
            }
            for (int j = 0; j < 3; j++) {
                for (int l = 0; l < 3; l++) {
                    double x = c[j][l];
                    double y = c[0][0] * c[j][l];
                    sums[0][j][l] += x;
                    sums[1][j][l] += x * x;
                    sums[2][j][l] += y;
                    sums[3][j][l] += y * y;
                }
            }
        }
        double[][][] out = new double[4][3][3];
        for (int j = 0; j < 3; j++) {
            for (int l = 0; l < 3; l++) {
                for (int q = 0; q < 2; q++) {
                    double m = sums[2 * q][j][l] / draws;
                    out[2 * q][j][l] = m;
                    out[2 * q + 1][j][l] = Math.sqrt((sums[2 * q + 1][j][l] / draws - m * m) / draws);
                }
            }
        }
        return out;
    }

    static double[] normals(ZigguratSampler.NormalizedGaussian g, int n) {
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            z[i] = g.sample();
        }
        return z;
    }

    static double[] softmax(double[] p) {
        double max = Math.max(p[0], Math.max(p[1], p[2]));
        double[] e = new double[p.length];
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            e[i] = Math.exp(p[i] - max);
            sum += e[i];
        }
        for (int i = 0; i < p.length; i++) {
            e[i] /= sum;
        }
        return e;
    }

    static double quad(double[] a, double[][] m, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                s += a[i] * m[i][j] * b[j];
            }
        }
        return s;
    }

    static double[][] chol(double[][] a) {
        int n = a.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i][j];
                for (int k = 0; k < j; k++) {
                    s -= l[i][k] * l[j][k];
                }
                l[i][j] = i == j ? Math.sqrt(Math.max(s, 0)) : (l[j][j] > 0 ? s / l[j][j] : 0);
            }
        }
        return l;
    }

    static double[] times(double[][] l, double[] z) {
        double[] out = new double[l.length];
        for (int i = 0; i < l.length; i++) {
            for (int j = 0; j <= i; j++) {
                out[i] += l[i][j] * z[j];
            }
        }
        return out;
    }

    static boolean agrees(double law, double lawRelErr, double mc, double seMc) {
        double se = Math.sqrt(seMc * seMc + Math.pow(lawRelErr * Math.abs(law) / 3, 2));
        return Math.abs(law - mc) <= Z * se;
    }

    // ------------------------------------------------------------------ tests

    @Test
    void stackedAttentionAgreesWithAnIndependentMonteCarloOfTheHierarchy() {
        NestedLaw law = NestedLaw.of(program(STACKED), List.of("z"), 3e-3, 60, 2);
        ProgramLaw.Moments m = law.moments("z");
        Mc mc = monteCarlo(false, 100_000, 11, null);
        assertThat(m.method()).startsWith(NestedLaw.LABEL);
        assertThat(m.conditionallyGaussian()).isTrue();
        assertThat(Math.abs(m.mean())).isLessThan(1e-12);   // odd in the values: exactly 0
        assertThat(agrees(m.variance(), m.relativeError(), mc.variance(), mc.seV()))
                .as("variance %s vs MC %s ± %s", m.variance(), mc.variance(), mc.seV()).isTrue();
        assertThat(agrees(m.fourthMoment(), m.relativeError(), mc.fourth(), 3 * mc.seV2()))
                .as("fourth %s vs MC %s ± %s", m.fourthMoment(), mc.fourth(), 3 * mc.seV2()).isTrue();
        // heavier tails than one layer: the kurtosis is far above Theorem 3.1's one-layer values here
        assertThat(m.excessKurtosis()).isGreaterThan(0.5);
    }

    @Test
    void theUnconditionalAlternativeIsRejectedByTheSameComparison() {
        // The wrong hierarchy (level-2 scores from the averaged covariance, independent of level 1) must fail
        // the agreement check that the conjecture passes: the check has power.
        NestedLaw wrong = NestedLaw.unconditional(program(STACKED), List.of("z"), 3e-3, 60, 2);
        Mc mc = monteCarlo(false, 100_000, 11, null);
        ProgramLaw.Moments m = wrong.moments("z");
        assertThat(m.method()).contains("UNCONDITIONAL");
        assertThat(agrees(m.fourthMoment(), m.relativeError(), mc.fourth(), 3 * mc.seV2()))
                .as("unconditional fourth %s vs MC %s ± %s", m.fourthMoment(), mc.fourth(), 3 * mc.seV2()).isFalse();
        // and the wrong hierarchy written by hand agrees with the wrong law: the control is what it says
        Mc wrongMc = monteCarlo(false, 100_000, 12, averagedLevel2(false, 100_000, 13));
        assertThat(agrees(m.fourthMoment(), m.relativeError(), wrongMc.fourth(), 3 * wrongMc.seV2()))
                .as("unconditional fourth %s vs its MC %s ± %s", m.fourthMoment(), wrongMc.fourth(), 3 * wrongMc.seV2())
                .isTrue();
    }

    @Test
    void mlpBetweenLayersAgreesWithTheIndependentMonteCarlo() {
        NestedLaw law = NestedLaw.of(program(MLP), List.of("z"), 3e-3, 60, 2);
        ProgramLaw.Moments m = law.moments("z");
        Mc mc = monteCarlo(true, 100_000, 21, null);
        assertThat(agrees(m.variance(), m.relativeError(), mc.variance(), mc.seV()))
                .as("variance %s vs MC %s ± %s", m.variance(), mc.variance(), mc.seV()).isTrue();
        assertThat(agrees(m.fourthMoment(), m.relativeError(), mc.fourth(), 3 * mc.seV2()))
                .as("fourth %s vs MC %s ± %s", m.fourthMoment(), mc.fourth(), 3 * mc.seV2()).isTrue();
    }

    @Test
    void aNonlinearOutputHasMomentsButNoDensity() {
        // f = relu(z), z | scores ~ N(0, V): E f = E[√V]/√(2π), E f² = E[V]/2
        NestedLaw law = NestedLaw.of(program(MLP), List.of("f", "z"), 1e-2, 60, 2);
        NestedLaw zl = NestedLaw.of(program(MLP), List.of("z"), 1e-2, 60, 2);
        ProgramLaw.Moments f = law.moments("f");
        double varZ = zl.moments("z").variance();
        assertThat(f.conditionallyGaussian()).isFalse();
        assertThat(law.hasDensity("f")).isFalse();
        // E[f²] = Var f + (E f)² = Var z / 2 (both from the same draws up to their errors)
        double ef2 = f.variance() + f.mean() * f.mean();
        assertThat(Math.abs(ef2 - varZ / 2)).isLessThan(Z * (f.relativeError() + zl.relativeError()) / 3 * varZ);
        assertThatThrownBy(() -> law.pdf("f", new double[] {0.5})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not Gaussian given the scores");
    }

    @Test
    void densityCdfJointAndSamplesAreConsistent() {
        NestedLaw law = NestedLaw.of(program(STACKED), List.of("z", "y1"), 1e-2, 60, 2);
        org.attnlimit.limit.Estimate[] cdf = law.cdf("z", new double[] {-1, 0, 1});
        assertThat(cdf[1].value()).isEqualTo(0.5, org.assertj.core.api.Assertions.within(1e-12));   // symmetric
        assertThat(cdf[0].value() + cdf[2].value()).isEqualTo(1, org.assertj.core.api.Assertions.within(1e-12));
        // y1 is within Theorem 3.1 (level 1): Var y1 = E[s_1ᵀ K s_1], computed here by the hand Monte Carlo
        ProgramLaw.Joint joint = law.joint();
        assertThat(joint.covariance()[0][1]).isEqualTo(joint.covariance()[1][0]);
        double[][] draws = law.sample(100_000, ParallelSampler.of(5).withThreads(2));
        double v = 0;
        for (double y : draws[0]) {
            v += y * y / draws[0].length;
        }
        double varZ = law.moments("z").variance();
        double fourth = law.moments("z").fourthMoment();
        double se = Math.sqrt((fourth - varZ * varZ) / draws[0].length);
        assertThat(Math.abs(v - varZ)).as("sample variance %s vs law %s", v, varZ).isLessThan(Z * se + varZ * 1e-2);
        // same seed, another thread count: the same draws
        double[][] again = law.sample(5000, ParallelSampler.of(5).withThreads(1));
        double[][] first = law.sample(5000, ParallelSampler.of(5).withThreads(2));
        assertThat(again[0]).containsExactly(first[0]);
    }

    @Test
    void theLawDoesNotDependOnTheThreadCount() {
        ProgramLaw.Moments a = NestedLaw.of(program(STACKED), List.of("z"), 2e-2, 60, 1).moments("z");
        ProgramLaw.Moments b = NestedLaw.of(program(STACKED), List.of("z"), 2e-2, 60, 2).moments("z");
        assertThat(a.variance()).isEqualTo(b.variance());
        assertThat(a.fourthMoment()).isEqualTo(b.fourthMoment());
    }

    /**
     * The last level integrated inside each outer point (inner mode) and plain randomised QMC over all levels (the default)
     * estimate the same moments: they agree within their errors (3 SE each → SE = error/3).
     */
    @Test
    void innerIntegrationAgreesWithPlainQuasiMonteCarlo() {
        NestedLaw inner = NestedLaw.withInnerPairs(program(STACKED), List.of("z"), 2e-3, 60, 2, NestedLaw.INNER_PAIRS);
        NestedLaw plain = NestedLaw.of(program(STACKED), List.of("z"), 3e-3, 60, 2);
        assertThat(inner.method()).contains("integrated inside each outer point");
        assertThat(plain.method()).doesNotContain("integrated inside");
        ProgramLaw.Moments a = inner.moments("z");
        ProgramLaw.Moments b = plain.moments("z");
        assertThat(agrees(a.variance(), a.relativeError(), b.variance(), b.relativeError() * b.variance() / 3))
                .as("variance inner %s vs plain %s", a.variance(), b.variance()).isTrue();
        assertThat(agrees(a.fourthMoment(), a.relativeError(), b.fourthMoment(), b.relativeError() * b.fourthMoment() / 3))
                .as("fourth inner %s vs plain %s", a.fourthMoment(), b.fourthMoment()).isTrue();
    }

    /**
     * The error estimate is honest: two independent runs (other random shifts) differ by no more than their
     * combined standard errors allow; and the check has power: the unconditional alternative, run the same
     * way, is many errors away.
     */
    @Test
    void independentRunsAgreeWithinTheirStatedErrors() {
        ProgramLaw.Moments a = NestedLaw.withSeed(program(STACKED), List.of("z"), 2e-3, 60, 2, 0, 1).moments("z");
        ProgramLaw.Moments b = NestedLaw.withSeed(program(STACKED), List.of("z"), 2e-3, 60, 2, 0, 2).moments("z");
        assertThat(a.relativeError()).isLessThanOrEqualTo(2e-3);
        assertThat(agrees(a.variance(), a.relativeError(), b.variance(), b.relativeError() * b.variance() / 3))
                .as("variance %s vs %s", a.variance(), b.variance()).isTrue();
        assertThat(agrees(a.fourthMoment(), a.relativeError(), b.fourthMoment(), b.relativeError() * b.fourthMoment() / 3))
                .as("fourth %s vs %s", a.fourthMoment(), b.fourthMoment()).isTrue();
        ProgramLaw.Moments wrong = NestedLaw.unconditional(program(STACKED), List.of("z"), 2e-3, 60, 2).moments("z");
        assertThat(agrees(a.fourthMoment(), a.relativeError(), wrong.fourthMoment(),
                wrong.relativeError() * wrong.fourthMoment() / 3)).as("unconditional %s", wrong.fourthMoment()).isFalse();
    }

    /**
     * The covariance table of a deep program ({@code program FILE} without {@code --law}): its conjectured entries
     * — {@code Cov(t_j, t_l) = E[C_jl]} for the second layer's keys and {@code Cov(P1j, P1l) = E[C_11 C_jl]} for its
     * scores — agree with the hand Monte Carlo, and the exact part is Definition 3.1's.
     */
    @Test
    void theCovarianceTableAgreesWithTheHandMonteCarlo() {
        List<org.attnlimit.program.CovarianceEntry> table = NestedTable.of(program(STACKED), 3e-3, 60, 2);
        double[][][] mc = tableAverages(100_000, 31);
        int checked = 0;
        for (org.attnlimit.program.CovarianceEntry e : table) {
            boolean keys = e.kind().equals("matmul") && e.a().startsWith("t") && e.b().startsWith("t");
            boolean level2 = e.kind().equals("score") && e.a().startsWith("P");
            if (keys || level2) {
                assertThat(e.method()).startsWith("conjecture");
                int j = e.a().charAt(e.a().length() - 1) - '1';
                int l = e.b().charAt(e.b().length() - 1) - '1';
                double want = mc[keys ? 0 : 2][j][l];
                double se = Math.sqrt(Math.pow(mc[keys ? 1 : 3][j][l], 2) + Math.pow(e.errorBound() / 3, 2));
                if (j == l) {   // the 6 diagonal entries (the class's assertion budget)
                    assertThat(Math.abs(e.value() - want)).as("%s vs MC %s ± %s", e, want, se).isLessThanOrEqualTo(Z * se);
                    checked++;
                }
            }
            if (e.kind().equals("score") && e.a().equals("p11") && e.b().equals("p11")) {
                // Definition 3.1 (B): C(q1,q1)C(k1,k1) + C(q1,k1)², the second 0 (different matrices)
                assertThat(e.value()).isEqualTo(GRAM[0][0] * GRAM[0][0], within(1e-12));
                assertThat(e.method()).doesNotStartWith("conjecture");
            }
        }
        assertThat(checked).isEqualTo(6);
    }

    @Test
    void weightsSharedAcrossLevelsAreRefused() {
        String shared = STACKED.replace("matrix WQ2 WK2 WV2 WO2", "matrix WK2 WV2 WO2").replace("r1 = WQ2 y1", "r1 = WQ y1");
        assertThatThrownBy(() -> NestedLaw.of(program(shared), List.of("z"), 1e-2, 60, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("WQ");
    }
}

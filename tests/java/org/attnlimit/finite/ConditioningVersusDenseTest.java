package org.attnlimit.finite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.attnlimit.finite.TwoSample.Readout;
import org.attnlimit.program.Program;
import org.junit.jupiter.api.Test;

/**
 * The Gaussian-conditioning simulator ({@link ProgramSimulator.Method#EXACT}) and the dense one
 * ({@link ProgramSimulator.Method#DENSE}) have the same law (theory/conditioning-sampler.md), at small
 * widths where finite-n effects are large: two-sample Kolmogorov–Smirnov and moments of several readouts
 * of each program, the two samplers on independent streams (different seeds).
 *
 * <p>Error budget for the whole class: at most {@value #BUDGET} assertions, α = 1e-6 overall (Bonferroni)
 * → per assertion 8.33e-9: KS p-value ≥ 8.33e-9, and |difference of means| ≤ z·SE with two-sided
 * z = Φ⁻¹(1 − 4.17e-9) = 5.76. SEs from the same samples: {@code √(s_a²/N_a + s_b²/N_b)}.
 * {@link #comparisonDetectsFreshNoiseWithoutConditioning} shows the same comparison fails for a wrong
 * sampler.
 */
class ConditioningVersusDenseTest {
    static final int BUDGET = 120;
    private static final double P_MIN = 8.33e-9;
    private static final double Z = 5.76;
    private static final int N = 20_000;
    private static int assertionsUsed;

    /** crosswise.netsor: p1 = score(WA x1, WB x2), p2 = score(WB x3, WA x4), both matrices shared crosswise. */
    static final String CROSSWISE = String.join("\n",
            "input h1 h4 ~ N([0, 0], [[1, 0.6], [0.6, 1]])",
            "input h2 h3 ~ N([0, 0], [[1, -0.5], [-0.5, 1]])",
            "x1 = clip:c=1(h1)", "x2 = clip:c=1(h2)", "x3 = clip:c=1(h3)", "x4 = clip:c=1(h4)",
            "matrix WA WB",
            "a1 = WA x1", "b2 = WB x2", "b3 = WB x3", "a4 = WA x4",
            "p1 = score(a1, b2)", "p2 = score(b3, a4)", "");

    /**
     * W applied to h, then to a vector made from its own output g1, then to one made from g1 and g2, then
     * to 2h (in the span of the first input: rank deficiency); a score reads vectors derived from g2, g3.
     */
    static final String RECURRENT = String.join("\n",
            "input h ~ N(0.3, 1)",
            "matrix W var=1.5",
            "g1 = W h",
            "x2 = sum(h, tanh(g1))",
            "g2 = W x2",
            "x3 = prod(g1, erf(g2))",
            "g3 = W x3",
            "d = sum(h, h)",
            "g4 = W d",
            "t2 = tanh(g2)", "t3 = tanh(g3)",
            "matrix WQ WK",
            "q = WQ t2", "k = WK t3",
            "p = score(q, k)", "");

    /** The same programs with every MatMul given its own matrix: fresh noise, no conditioning term. */
    static final String CROSSWISE_UNTIED = CROSSWISE.replace("matrix WA WB", "matrix WA WB WA4 WB3")
            .replace("b3 = WB x3", "b3 = WB3 x3").replace("a4 = WA x4", "a4 = WA4 x4");
    static final String RECURRENT_UNTIED = RECURRENT.replace("matrix W var=1.5", "matrix W W2 W3 W4 var=1.5")
            .replace("g2 = W x2", "g2 = W2 x2").replace("g3 = W x3", "g3 = W3 x3").replace("g4 = W d", "g4 = W4 d");

    static List<Readout> crosswiseReadouts() {
        return List.of(
                new Readout("p1", z -> z.score("p1"), 1, 2, 4),
                new Readout("p2", z -> z.score("p2"), 1, 2, 4),
                new Readout("p1*p2", z -> z.score("p1") * z.score("p2"), 1),
                new Readout("a1_1*a4_1", z -> z.vector("a1")[0] * z.vector("a4")[0], 1),
                new Readout("b2_1", z -> z.vector("b2")[0], 2, 4));
    }

    static List<Readout> recurrentReadouts() {
        return List.of(
                new Readout("g2_1", z -> z.vector("g2")[0], 1, 2, 4),
                new Readout("g3_1", z -> z.vector("g3")[0], 2, 4),
                new Readout("g1_1*g2_1", z -> z.vector("g1")[0] * z.vector("g2")[0], 1),
                new Readout("<g1,g3>/n", z -> dot(z.vector("g1"), z.vector("g3")) / z.width(), 1, 2),
                new Readout("p", z -> z.score("p"), 2, 4));
    }

    @Test
    void crosswiseSharingHasTheDenseLaw() {
        Program p = Program.parse(CROSSWISE);
        assertThat(compare(p, p, 8, crosswiseReadouts(), 101, 202)).isEmpty();
    }

    /**
     * attention-s2.netsor: WQ, WK, WV all multiply x1, x2 (one shared Gram–Schmidt basis, each matrix its
     * own images), WO multiplies the values.
     */
    @Test
    void attentionWithSharedInputSequencesHasTheDenseLaw() {
        Program p = Program.read(java.nio.file.Path.of("theory/programs/attention-s2.netsor"));
        List<Readout> readouts = List.of(
                new Readout("p12", z -> z.score("p12"), 1, 2, 4),
                new Readout("p11*p21", z -> z.score("p11") * z.score("p21"), 1),
                new Readout("u2_1", z -> z.vector("u2")[0], 2, 4),
                new Readout("q1_1*k1_1", z -> z.vector("q1")[0] * z.vector("k1")[0], 1));
        assertThat(compare(p, p, 4, readouts, 909, 1010)).isEmpty();
    }

    /** sigmoid-attention.netsor: y = Σ_j σ(p_1j) u_j, the output depends on the scores (Theorem 3.1). */
    @Test
    void sigmoidAttentionHasTheDenseLaw() {
        Program p = Program.read(java.nio.file.Path.of("theory/programs/sigmoid-attention.netsor"));
        List<Readout> readouts = List.of(
                new Readout("y_1", z -> z.vector("y")[0], 1, 2, 4),
                new Readout("p12", z -> z.score("p12"), 2),
                new Readout("y_1*u1_1", z -> z.vector("y")[0] * z.vector("u1")[0], 1));
        assertThat(compare(p, p, 5, readouts, 1111, 1212)).isEmpty();
    }

    /** causal-mask.netsor: y_i = Σ_{j≤i} softmax_j(p_i1..p_ii) u_j. */
    @Test
    void causalAttentionHasTheDenseLaw() {
        Program p = Program.read(java.nio.file.Path.of("theory/programs/causal-mask.netsor"));
        List<Readout> readouts = List.of(
                new Readout("y3_1", z -> z.vector("y3")[0], 2, 4),
                new Readout("y2_1", z -> z.vector("y2")[0], 2),
                new Readout("y2_1*y3_1", z -> z.vector("y2")[0] * z.vector("y3")[0], 1));
        assertThat(compare(p, p, 4, readouts, 1313, 1414)).isEmpty();
    }

    /**
     * Beyond Theorem 3.1 (a second layer): the attention output y, a function of the scores, is fed back to
     * WV, which already multiplied x1 and x2. The conditioning argument needs no such rule.
     */
    static final String SECOND_LAYER = String.join("\n",
            "input h ~ N(0, 1)",
            "matrix W1 W2", "h1 = W1 h", "h2 = W2 h", "x1 = clip:c=1(h1)", "x2 = clip:c=1(h2)",
            "matrix WQ WK WV",
            "q1 = WQ x1", "k1 = WK x1", "k2 = WK x2", "v1 = WV x1", "v2 = WV x2",
            "p11 = score(q1, k1)", "p12 = score(q1, k2)",
            "y = attend(p11, p12; v1, v2)",
            "t = tanh(y)",
            "w = WV t", "");

    @Test
    void scoreDependentVectorFedBackToAMatrixHasTheDenseLaw() {
        Program p = Program.parse(SECOND_LAYER, Program.Options.beyondTheorem());
        assertThat(p.beyondTheorem()).isTrue();
        List<Readout> readouts = List.of(
                new Readout("w_1", z -> z.vector("w")[0], 2, 4),
                new Readout("w_1*v1_1", z -> z.vector("w")[0] * z.vector("v1")[0], 1),
                new Readout("<w,y>/n", z -> dot(z.vector("w"), z.vector("y")) / z.width(), 1, 2));
        assertThat(compare(p, p, 5, readouts, 1515, 1616)).isEmpty();
    }

    @Test
    void matrixAppliedToItsOwnOutputHasTheDenseLaw() {
        Program p = Program.parse(RECURRENT);
        assertThat(compare(p, p, 6, recurrentReadouts(), 303, 404)).isEmpty();
    }

    /**
     * Negative control: giving each product its own matrix is fresh noise {@code σ‖x‖n^{−1/2}ξ} without
     * the conditioning term. The crosswise covariance E[p1 p2] ≈ E[x1x4]E[x2x3] ≈ −0.05 and
     * E[g1_1 g2_1] = 1.5·E[h·x2] = 1.5·E[h²] ≈ 1.6 then vanish, many SEs (≈ 0.003 and 0.02) away, so the same
     * comparison must report failures.
     */
    @Test
    void comparisonDetectsFreshNoiseWithoutConditioning() {
        List<String> crosswise = compare(Program.parse(CROSSWISE_UNTIED), Program.parse(CROSSWISE), 8,
                crosswiseReadouts(), 505, 606);
        assertThat(crosswise).anyMatch(f -> f.startsWith("p1*p2"));
        List<String> recurrent = compare(Program.parse(RECURRENT_UNTIED), Program.parse(RECURRENT), 6,
                recurrentReadouts(), 707, 808);
        assertThat(recurrent).anyMatch(f -> f.startsWith("g1_1*g2_1"));
    }

    /**
     * Draws N realisations of {@code exactProgram} by conditioning and of {@code denseProgram} densely, on
     * independent streams, and returns the failed comparisons (empty when consistent): {@link TwoSample#compareSamplers}
     * at this class's level, KS p ≥ 8.33e-9 and z = 5.76 (class budget above).
     */
    static List<String> compare(Program exactProgram, Program denseProgram, int n, List<Readout> readouts,
            long exactSeed, long denseSeed) {
        assertionsUsed += TwoSample.assertions(readouts);
        assertThat(assertionsUsed).as("assertions within the stated budget").isLessThanOrEqualTo(BUDGET);
        return TwoSample.compareSamplers(exactProgram, denseProgram, n, readouts, exactSeed, denseSeed, N, P_MIN, Z);
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}

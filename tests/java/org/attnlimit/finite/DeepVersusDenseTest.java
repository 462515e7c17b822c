package org.attnlimit.finite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.attnlimit.finite.TwoSample.Readout;
import org.attnlimit.program.Program;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The new operations of deep programs — {@code rmsnorm}, {@code layernorm} (moment operations), a
 * score-dependent vector fed to MatMuls and scores (beyond Theorem 3.1), Transformer blocks — have the same
 * law under the Gaussian-conditioning sampler and the dense one, at small widths where finite-n effects are
 * large. Independent streams for the two samplers.
 *
 * <p>Error budget for the class: at most {@value #BUDGET} assertions, α = 1e-6 overall (Bonferroni) → per
 * assertion 2e-8: KS p-value ≥ 2e-8, and |difference of means| ≤ z·SE with two-sided z = Φ⁻¹(1 − 1e-8) = 5.61.
 * {@link #comparisonDetectsAnUncentredLayernorm} shows the comparison fails for a wrong program.
 */
class DeepVersusDenseTest {
    static final int BUDGET = 50;
    private static final double P_MIN = 2e-8;
    private static final double Z = 5.61;
    private static final int N = 10_000;
    private static int assertionsUsed;

    /** Attention over 3 tokens, then rmsnorm of its output; layernorm of an input with mean 2. */
    static final String NORMS = String.join("\n",
            "input h1 h2 h3 ~ N([2, 0, 0], [[4, 0.6, 0], [0.6, 1, 0.3], [0, 0.3, 0.5]])",
            "matrix WQ WK WV",
            "q1 = WQ h1",
            "for j in 1..3: k{j} = WK h{j}",
            "for j in 1..3: v{j} = WV h{j}",
            "for j in 1..3: p1{j} = score(q1, k{j})",
            "y = attend(p11, p12 - 0.5, p13; v1, v2, v3)",
            "r = rmsnorm(y)",
            "l = layernorm(h1)", "");

    /** Two pre-norm blocks with a tanh MLP, s = 2, H = 2: scores of block 2 read score-dependent vectors. */
    static final String BLOCKS = String.join("\n",
            "beyond theorem",
            "input t0_1 t0_2 ~ N(0, [[2, 0.6], [0.6, 0.5]])",
            "for l in 1..2: block b{l}: t{l-1}_ -> t{l}_; tokens=2, heads=2, norm=pre, mlp=tanh", "");

    /** Two stacked attention layers without residual or norm (the Gram-level structure). */
    static final String STACKED = String.join("\n",
            "beyond theorem",
            "input t0_1 t0_2 t0_3 ~ N(0, [[2, 0.6, 0], [0.6, 4, 0.4], [0, 0.4, 0.25]])",
            "for l in 1..2: block b{l}: t{l-1}_ -> t{l}_; tokens=3, residual=no", "");

    @Test
    void normsHaveTheDenseLaw() {
        Program p = Program.parse(NORMS);
        List<Readout> readouts = List.of(
                new Readout("r_1", z -> z.vector("r")[0], 2, 4),
                new Readout("l_1", z -> z.vector("l")[0], 1, 2, 4),
                new Readout("r_1*y_1", z -> z.vector("r")[0] * z.vector("y")[0], 1));
        assertThat(compare(p, p, 5, readouts, 11, 12)).isEmpty();
    }

    @Test
    void preNormTransformerBlocksHaveTheDenseLaw() {
        Program p = Program.parse(BLOCKS);
        List<Readout> readouts = List.of(
                new Readout("t2_1", z -> z.vector("t2_1")[0], 1, 2, 4),
                new Readout("b2_p1_1_2", z -> z.score("b2_p1_1_2"), 2, 4),
                new Readout("t2_1*t2_2", z -> z.vector("t2_1")[0] * z.vector("t2_2")[0], 1));
        assertThat(compare(p, p, 6, readouts, 21, 22)).isEmpty();
    }

    @Test
    void stackedAttentionHasTheDenseLaw() {
        Program p = Program.parse(STACKED);
        List<Readout> readouts = List.of(
                new Readout("t2_1", z -> z.vector("t2_1")[0], 2, 4),
                new Readout("b2_p1_1_3", z -> z.score("b2_p1_1_3"), 2, 4));
        assertThat(compare(p, p, 7, readouts, 31, 32)).isEmpty();
    }

    /**
     * Negative control: the dense side computes rmsnorm where the program says layernorm. With the input's
     * mean 2 and variance 4, E[l_1] = 0 against E[h/√8] ≈ 0.71 (SE ≈ 0.01): the comparison must fail.
     */
    @Test
    void comparisonDetectsAnUncentredLayernorm() {
        Program right = Program.parse(NORMS);
        Program wrong = Program.parse(NORMS.replace("l = layernorm(h1)", "l = rmsnorm(h1)"));
        List<Readout> readouts = List.of(new Readout("l_1", z -> z.vector("l")[0], 1));
        assertThat(compare(right, wrong, 5, readouts, 41, 42)).anyMatch(f -> f.startsWith("l_1"));
    }

    @AfterAll
    static void withinBudget() {
        assertThat(assertionsUsed).as("assertions within the stated budget").isLessThanOrEqualTo(BUDGET);
    }

    /** {@link TwoSample#compareSamplers} at this class's level: KS p ≥ 2e-8, z = 5.61 (class budget above). */
    static List<String> compare(Program exactProgram, Program denseProgram, int n, List<Readout> readouts, long exactSeed,
            long denseSeed) {
        assertionsUsed += TwoSample.assertions(readouts);
        return TwoSample.compareSamplers(exactProgram, denseProgram, n, readouts, exactSeed, denseSeed, N, P_MIN, Z);
    }
}

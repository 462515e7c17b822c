package org.attnlimit.finite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.attnlimit.calculus.Activation;
import org.attnlimit.limit.Law;
import org.attnlimit.limit.ProgramLaw;
import org.attnlimit.program.Program;
import org.attnlimit.random.ParallelSampler;
import org.attnlimit.random.SampleStreams;
import org.attnlimit.stats.Moments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract of every finite-width sampler of package {@code finite}:
 * <ul>
 *   <li>{@link ExactAttentionSampler} (the reduced exact sampler of Appendix B's layer: Bartlett/Gram factors);</li>
 *   <li>{@link DenseAttentionSampler} (every weight drawn);</li>
 *   <li>{@link ProgramSimulator} {@code EXACT} (Gaussian conditioning, {@link ConditionedMatrix}), through
 *       {@link ProgramSampling} and directly (for a program beyond Theorem 3.1, where {@link ProgramSampling} prefers
 *       the Gram sampler);</li>
 *   <li>{@link ProgramSimulator} {@code DENSE};</li>
 *   <li>{@link GramSampler} in its {@code FINITE} mode and its {@code LIMIT} mode (the exact coupling to the limit).</li>
 * </ul>
 * Each is reproducible for a seed (and another seed gives other draws), and draws the same numbers at 1 and 4
 * threads. Where two samplers draw the same law — the same layer at the same width, or the limit — their means,
 * variances and excess kurtoses agree within {@code z·SE} of the difference (SEs: delta method,
 * {@link Moments}).
 *
 * <p>Level: 30 two-sided moment comparisons at α = 1e-6 in all: z = Φ⁻¹(1 − 1e-6/60) = 5.5.
 */
class SamplerContractTest {
    private static final double Z = 5.5;
    /** The paper layer of Example 3.1 / Appendix B: clip_1 tokens, s = 4, H = 2, at a width where dense is cheap. */
    private static final int N = 32;
    private static final int COUNT = 20_000;

    /** One sampler: {@code count} draws for a seed at a thread count. */
    @FunctionalInterface
    interface Draws {
        double[] sample(long seed, int count, int threads);
    }

    static Program read(String path) {
        return Program.read(Path.of(path));
    }

    static final Program MHA = read("theory/programs/mha-s4-h2.netsor");
    /** One attention layer over Gaussian tokens (within Theorem 3.1; the Gram sampler applies). */
    static final Program ONE_LAYER = Program.parse("""
            input t0_1 t0_2 t0_3 ~ N(0, [[2, 0.6, 0], [0.6, 4, 0.4], [0, 0.4, 0.25]])
            block b1: t0_ -> t1_; tokens=3, residual=no
            """);
    static final Program STACKED = read("theory/programs/stacked-attention.netsor");

    static Draws exactLayer(int n) {
        AttentionSampler s = ExactAttentionSampler.of(LayerSpec.paper(Activation.clip(1), n, 4, 2));
        return (seed, count, threads) -> s.sample(count, new ParallelSampler(seed, 256, threads));
    }

    static Draws denseLayer(int n) {
        AttentionSampler s = DenseAttentionSampler.of(LayerSpec.paper(Activation.clip(1), n, 4, 2));
        return (seed, count, threads) -> s.sample(count, new ParallelSampler(seed, 256, threads));
    }

    static Draws programSampling(Program p, String output, ProgramSimulator.Method method, int n) {
        ProgramSampling s = ProgramSampling.of(p, method, List.of(output));
        return (seed, count, threads) -> s.sample(n, count, new SampleStreams(seed, threads), null);
    }

    /** Gaussian conditioning directly (ProgramSampling would pick the Gram sampler beyond Theorem 3.1). */
    static Draws conditioning(Program p, String output, int n) {
        ProgramSimulator sim = ProgramSimulator.of(p, ProgramSimulator.Method.EXACT).restrictedTo(List.of(output));
        return (seed, count, threads) -> new SampleStreams(seed, threads).sample(count, 1,
                (rng, out, offset) -> out[offset] = sim.simulate(n, rng).vector(output)[0], null);
    }

    static Draws gram(Program p, String output, GramSampler.Mode mode, int n) {
        GramSampler g = GramSampler.of(p, List.of(output));
        return (seed, count, threads) -> g.sample(n, mode, count, new SampleStreams(seed, threads), null);
    }

    static Stream<Arguments> samplers() {
        return Stream.of(
                Arguments.of("ExactAttentionSampler (paper layer)", exactLayer(N)),
                Arguments.of("DenseAttentionSampler (paper layer)", denseLayer(N)),
                Arguments.of("ProgramSampling EXACT (conditioning) mha-s4-h2 y1",
                        programSampling(MHA, "y1", ProgramSimulator.Method.EXACT, N)),
                Arguments.of("ProgramSampling DENSE mha-s4-h2 y1", programSampling(MHA, "y1", ProgramSimulator.Method.DENSE, N)),
                Arguments.of("ProgramSimulator EXACT, stacked attention t2_1", conditioning(STACKED, "t2_1", 64)),
                Arguments.of("ProgramSampling DENSE, stacked attention t2_1",
                        programSampling(STACKED, "t2_1", ProgramSimulator.Method.DENSE, 64)),
                Arguments.of("GramSampler FINITE, stacked attention t2_1", gram(STACKED, "t2_1", GramSampler.Mode.FINITE, 64)),
                Arguments.of("GramSampler LIMIT, one layer t1_1", gram(ONE_LAYER, "t1_1", GramSampler.Mode.LIMIT, 64)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samplers")
    void reproducibleForASeed(String name, Draws d) {
        double[] a = d.sample(11, 600, 1);
        assertThat(d.sample(11, 600, 1)).as("same seed").containsExactly(a);
        assertThat(d.sample(12, 600, 1)).as("another seed").isNotEqualTo(a);
        assertThat(java.util.Arrays.stream(a).allMatch(Double::isFinite)).as("finite draws").isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samplers")
    void identicalAtOneAndFourThreads(String name, Draws d) {
        assertThat(d.sample(5, 1500, 4)).containsExactly(d.sample(5, 1500, 1));
    }

    /** The paper layer at n = 32 four ways: the reduced exact sampler, dense weights, conditioning, dense program. */
    @Test
    void thePaperLayerHasOneLawWhicheverSamplerDrawsIt() {
        Moments exact = Moments.of(exactLayer(N).sample(101, COUNT, 2));
        agree("dense layer", exact, Moments.of(denseLayer(N).sample(102, COUNT, 2)));
        agree("program, conditioning", exact,
                Moments.of(programSampling(MHA, "y1", ProgramSimulator.Method.EXACT, N).sample(103, COUNT, 2)));
        agree("program, dense", exact,
                Moments.of(programSampling(MHA, "y1", ProgramSimulator.Method.DENSE, N).sample(104, COUNT, 2)));
    }

    /** Stacked attention (beyond Theorem 3.1) at n = 64: conditioning, dense weights and the Gram-level sampler. */
    @Test
    void stackedAttentionHasOneLawWhicheverSamplerDrawsIt() {
        Moments conditioning = Moments.of(conditioning(STACKED, "t2_1", 64).sample(201, COUNT, 2));
        agree("dense", conditioning,
                Moments.of(programSampling(STACKED, "t2_1", ProgramSimulator.Method.DENSE, 64).sample(202, COUNT, 2)));
        agree("Gram FINITE", conditioning, Moments.of(gram(STACKED, "t2_1", GramSampler.Mode.FINITE, 64).sample(203, COUNT, 2)));
    }

    /**
     * One layer over Gaussian tokens: the Gram sampler at n = 64 against conditioning; and its LIMIT mode against
     * Theorem 3.1's law ({@link ProgramLaw}, moments with their stated errors).
     */
    @Test
    void oneLayerGramAgreesWithConditioningAndItsLimitModeWithTheLaw() {
        Moments conditioning = Moments.of(programSampling(ONE_LAYER, "t1_1", ProgramSimulator.Method.EXACT, 64)
                .sample(301, COUNT, 2));
        agree("Gram FINITE", conditioning, Moments.of(gram(ONE_LAYER, "t1_1", GramSampler.Mode.FINITE, 64).sample(302, COUNT, 2)));
        Moments limit = Moments.of(gram(ONE_LAYER, "t1_1", GramSampler.Mode.LIMIT, 64).sample(303, 4 * COUNT, 2));
        Law law = ProgramLaw.of(ONE_LAYER, List.of("t1_1")).law("t1_1");
        assertThat(limit.mean()).as("LIMIT mean").isCloseTo(law.mean().value(),
                org.assertj.core.api.Assertions.within(Z * Math.sqrt(limit.variance() / limit.count()) + law.mean().error()));
        assertThat(limit.variance()).as("LIMIT variance").isCloseTo(law.variance().value(),
                org.assertj.core.api.Assertions.within(Z * limit.varianceSe() + law.variance().error()));
        assertThat(limit.excessKurtosis()).as("LIMIT excess kurtosis").isCloseTo(law.excessKurtosis().value(),
                org.assertj.core.api.Assertions.within(Z * limit.excessKurtosisSe() + law.excessKurtosis().error()));
    }

    /**
     * The comparison has power: a variance 20% off is far outside (the variance's SE is about 1.1% of it at 20 000
     * draws with the layer's excess kurtosis ≈ 0.6 at n = 32, so z·SE of the difference ≈ 5.5·1.6% ≈ 9%).
     */
    @Test
    void theComparisonRejectsALawTwentyPercentOff() {
        double[] a = exactLayer(N).sample(101, COUNT, 2);
        double[] b = exactLayer(N).sample(102, COUNT, 2);
        for (int i = 0; i < b.length; i++) {
            b[i] *= Math.sqrt(1.2);
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> agree("scaled", Moments.of(a), Moments.of(b)))
                .isInstanceOf(AssertionError.class);
    }

    /** Mean, variance and excess kurtosis of two independent samples of one law, within z·SE of the difference. */
    static void agree(String what, Moments a, Moments b) {
        double seMean = Math.sqrt(a.variance() / a.count() + b.variance() / b.count());
        assertThat(b.mean()).as(what + ": mean").isCloseTo(a.mean(), org.assertj.core.api.Assertions.within(Z * seMean));
        assertThat(b.variance()).as(what + ": variance").isCloseTo(a.variance(),
                org.assertj.core.api.Assertions.within(Z * Math.hypot(a.varianceSe(), b.varianceSe())));
        assertThat(b.excessKurtosis()).as(what + ": excess kurtosis").isCloseTo(a.excessKurtosis(),
                org.assertj.core.api.Assertions.within(Z * Math.hypot(a.excessKurtosisSe(), b.excessKurtosisSe())));
    }
}

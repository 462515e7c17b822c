package org.attnlimit.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.attnlimit.calculus.Activation;
import org.attnlimit.program.Program;
import org.attnlimit.random.ParallelSampler;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@link Law} contract, run over every law: moments against the law's own sampler, the distribution
 * function monotone in [0, 1], the density integrating to one minus the atoms, samples independent of the
 * thread count. (The law's own sampler shares the Definition 3.1 covariances with its moments: the
 * independent checks against finite-width simulation are elsewhere.)
 *
 * <p>Overall false-failure rate: 4 moment assertions per law over at most 12 laws, α = 1e-6 in all,
 * two-sided: z = 5.9 (Φ⁻¹(1 − 1e-6/96)).
 */
class LawContractTest {
    private static final double Z = 5.9;
    private static final int SAMPLES = 100_000;
    /** A G-var (MatMul output) of theory/programs/residual.netsor. */
    private static final String G_VAR = "h1";

    static Program example(String name) {
        return Program.read(Path.of("theory/programs/" + name + ".netsor"));
    }

    static Stream<Arguments> laws() {
        return Stream.of(
                law("mha-s4-h2 y1 (attention heads)", () -> ProgramLaw.of(example("mha-s4-h2"), List.of("y1")).law("y1")),
                law("residual y (conditionally Gaussian sum)", () -> ProgramLaw.of(example("residual"), List.of("y")).law("y")),
                law("residual z (correlated skip)", () -> ProgramLaw.of(example("residual"), List.of("z")).law("z")),
                law("relu-attention y (monotone of one feature, atom at 0)",
                        () -> ProgramLaw.of(example("relu-attention"), List.of("y")).law("y")),
                law("relu-weighted y (atom at 0 of mass 1/8)", () -> ProgramLaw.of(
                        Program.read(Path.of("tests/resources/programs/relu-weighted.netsor")), List.of("y")).law("y")),
                law("clip-value y (not conditionally Gaussian)", () -> ProgramLaw.of(
                        Program.read(Path.of("tests/resources/programs/clip-value.netsor")), List.of("y")).law("y")),
                law("AttentionLimit clip s=4 H=2 (Example 3.1 head quadrature)",
                        () -> AttentionLimit.of(AttentionSetup.paper(Activation.clip(1), 4, 2))),
                law("HierarchicalLimit relu s=3 H=2 (Monte Carlo over V)",
                        () -> HierarchicalLimit.of(Activation.relu(), 3, 2, 20_000, 11L)),
                law("GaussianLaw of a G-var (Definition 3.1 (A))",
                        () -> GaussianLaw.ofGVar(example("residual"), G_VAR)));
    }

    private static Arguments law(String name, Supplier<Law> law) {
        return Arguments.of(name, law);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("laws")
    void momentsAgreeWithTheLawsOwnSampler(String name, Supplier<Law> supplier) {
        Law law = supplier.get();
        double[] y = law.sample(SAMPLES, new ParallelSampler(20261207L, ParallelSampler.DEFAULT_CHUNK, 2));
        double n = y.length;
        double m = 0;
        for (double v : y) {
            m += v;
        }
        m /= n;
        double[] c = new double[9];
        for (double v : y) {
            double d = v - m;
            double p = 1;
            for (int i = 1; i <= 8; i++) {
                p *= d;
                c[i] += p;
            }
        }
        for (int i = 1; i <= 8; i++) {
            c[i] /= n;
        }
        // Leading-order SEs of the sample mean, variance and central fourth moment (delta method):
        // Var m̂₂ = (μ₄ − μ₂²)/n, Var m̂₄ = (μ₈ − μ₄² − 8μ₃μ₅ + 16μ₂μ₃²)/n.
        double seMean = Math.sqrt(c[2] / n);
        double seVar = Math.sqrt((c[4] - c[2] * c[2]) / n);
        double seFourth = Math.sqrt((c[8] - c[4] * c[4] - 8 * c[3] * c[5] + 16 * c[2] * c[3] * c[3]) / n);
        assertThat(law.mean().value()).as("mean").isCloseTo(m, within(Z * seMean + law.mean().error()));
        assertThat(law.variance().value()).as("variance").isCloseTo(c[2], within(Z * seVar + law.variance().error()));
        assertThat(law.centralFourthMoment().value()).as("fourth moment")
                .isCloseTo(c[4], within(Z * seFourth + law.centralFourthMoment().error()));
        Estimate k = law.excessKurtosis();
        assertThat(k.value()).isCloseTo(law.centralFourthMoment().value() / Math.pow(law.variance().value(), 2) - 3,
                within(1e-12 * Math.abs(k.value() + 3)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("laws")
    void distributionFunctionIsMonotoneInTheUnitIntervalAndDensityIntegratesToOneMinusAtoms(String name,
            Supplier<Law> supplier) {
        Law law = supplier.get();
        if (!law.method().hasDistribution()) {
            return;
        }
        double m = law.mean().value();
        double sd = Math.sqrt(law.variance().value());
        int grid = 200;
        double lo = m - 12 * sd;
        double hi = m + 12 * sd;
        double h = (hi - lo) / grid;
        double previous = -1;
        double integral = 0;
        double integralError = 0;
        for (int i = 0; i < grid; i++) {
            double x = lo + (i + 0.5) * h;   // midpoints: never exactly on an atom
            if (i % 4 == 0) {
                Law.Cdf c = law.cdf(x);
                assertThat(c.below()).isBetween(-c.error(), c.atMost() + c.error());
                assertThat(c.atMost()).isBetween(-c.error(), 1 + c.error());
                assertThat(c.below()).isGreaterThanOrEqualTo(previous - 2 * c.error());
                previous = c.atMost();
            }
            Estimate f = law.density(x);
            assertThat(f.value()).isGreaterThanOrEqualTo(-f.error());
            integral += h * f.value();
            integralError += h * f.error();
        }
        double atoms = law.atoms().stream().mapToDouble(Law.Atom::mass).sum();
        // The midpoint rule on 200 cells over ±12 s.d.: far below 1e-3 for a smooth density, and for the
        // logarithmic peak beside an atom (relu-weighted: f ≈ a − b·log|x|, b ≈ 0.33 from f(0.001) = 2.55 and
        // f(0.01) = 1.80) about b·h ≈ 0.33·0.054 = 0.018; 3e-2 then, plus the accumulated pointwise errors.
        assertThat(integral).isCloseTo(1 - atoms, within(3e-2 + integralError));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("laws")
    void samplesDoNotDependOnTheThreadCount(String name, Supplier<Law> supplier) {
        Law law = supplier.get();
        double[] one = law.sample(5000, new ParallelSampler(7L, 512, 1));
        double[] four = law.sample(5000, new ParallelSampler(7L, 512, 4));
        assertThat(four).containsExactly(one);
    }

    /** The law's bulk {@code sample} draws what its {@code sampler} draws, stream by stream (one contract, one law). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("laws")
    void bulkSamplesAreTheSamplersDraws(String name, Supplier<Law> supplier) {
        Law law = supplier.get();
        ParallelSampler streams = new ParallelSampler(13L, 256, 2);
        double[] bulk = law.sample(2000, streams);
        double[] one = streams.sample(2000, (rng, out, from, to) -> {
            Law.Sampler s = law.sampler(rng);
            for (int i = from; i < to; i++) {
                out[i] = s.sample();
            }
        }, null);
        assertThat(bulk).containsExactly(one);
    }

    /** {@link Law#method()} reports what was integrated: real counts, not zeros (checked where they are known). */
    @org.junit.jupiter.api.Test
    void methodCountsAreTheEnginesOwn() {
        // Example 3.1, exchangeable tokens: K = λI + o11ᵀ, so PKP has rank s − 1 = 3; tensor Gauss–Hermite of some
        // order q in 3 dimensions has q³ nodes.
        Law.Method head = AttentionLimit.of(AttentionSetup.paper(Activation.clip(1), 4, 2)).method();
        assertThat(head.scoreDimensions()).isEqualTo(3);
        assertThat(head.gaussianFeatures()).isZero();
        long q = Math.round(Math.cbrt(head.nodes()));
        assertThat(q * q * q).isEqualTo(head.nodes());
        assertThat(head.description()).contains(q + "^3 nodes");
        // Two tokens: one dimension after the shift invariance of softmax.
        assertThat(AttentionLimit.of(AttentionSetup.paper(Activation.clip(1), 2, 1)).method().scoreDimensions())
                .isEqualTo(1);
        // Hierarchical Monte Carlo: s·H score dimensions, M draws of V.
        Law.Method mc = HierarchicalLimit.of(Activation.relu(), 3, 2, 20_000, 11L).method();
        assertThat(mc.scoreDimensions()).isEqualTo(6);
        assertThat(mc.nodes()).isEqualTo(20_000);
        // A G-var: no integral at all.
        Law.Method g = GaussianLaw.ofGVar(example("residual"), G_VAR).method();
        assertThat(g.scoreDimensions()).isZero();
        assertThat(g.nodes()).isZero();
    }
}

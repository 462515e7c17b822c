package org.attnlimit.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.commons.rng.UniformRandomProvider;
import org.attnlimit.calculus.Activation;
import org.attnlimit.limit.nested.NestedLaw;
import org.attnlimit.program.Program;
import org.attnlimit.random.ParallelSampler;
import org.hipparchus.analysis.integration.gauss.GaussIntegrator;
import org.hipparchus.analysis.integration.gauss.GaussIntegratorFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@link Law} contract, run over every implementation of it — {@code OutputLaw} ({@link ProgramLaw#law}: the
 * attention-head engine, conditionally Gaussian sums, monotone functions of one feature, atoms, nested quadrature,
 * an output with no density formula), {@code NestedOutputLaw} ({@link NestedLaw#law}, the conjecture beyond
 * Theorem 3.1), {@link AttentionLimit}, {@link HierarchicalLimit} and {@link GaussianLaw}:
 * <ol>
 *   <li>mean, variance and central fourth moment against the law's own sampler within {@code z·SE} plus the law's
 *       stated error;</li>
 *   <li>the distribution function monotone, in [0, 1], {@code P(y < x) ≤ P(y ≤ x)} with the difference the atom's
 *       mass at an atom and 0 elsewhere;</li>
 *   <li>the density integrating to one minus the atoms' mass (Gauss–Legendre with a stated error);</li>
 *   <li>samples identical at 1 and 4 threads.</li>
 * </ol>
 * The law's own sampler shares the Definition 3.1 covariances with its moments: the independent checks against
 * the finite-width simulation are in {@code verify.ExampleProgramsTest}. Negative controls: a law whose sampler is
 * scaled by 1.05 fails (1), a law that hides its atom fails (3).
 *
 * <p>Overall false-failure rate: 3 moment assertions per law over at most 12 laws plus the control's 3, two-sided,
 * α = 1e-6 in all: z = 5.9 (Φ⁻¹(1 − 1e-6/(2·39)) = 5.6, rounded up).
 */
class LawContractTest {
    private static final double Z = 5.9;
    private static final int SAMPLES = 100_000;
    /** A G-var (MatMul output) of theory/programs/residual.netsor. */
    private static final String G_VAR = "h1";

    static Program example(String name) {
        return Program.read(Path.of("theory/programs/" + name + ".netsor"));
    }

    static Program resource(String name) {
        return Program.read(Path.of("tests/resources/programs/" + name + ".netsor"));
    }

    static Law reluWeighted() {
        return ProgramLaw.of(resource("relu-weighted"), List.of("y")).law("y");
    }

    static Stream<Arguments> laws() {
        return Stream.of(
                law("mha-s4-h2 y1 (attention heads)", () -> ProgramLaw.of(example("mha-s4-h2"), List.of("y1")).law("y1")),
                law("residual y (conditionally Gaussian sum)", () -> ProgramLaw.of(example("residual"), List.of("y")).law("y")),
                law("residual z (correlated skip)", () -> ProgramLaw.of(example("residual"), List.of("z")).law("z")),
                law("sigmoid-attention y (sigmoid weights)",
                        () -> ProgramLaw.of(example("sigmoid-attention"), List.of("y")).law("y")),
                law("relu-attention y (monotone of one feature, atom at 0)",
                        () -> ProgramLaw.of(example("relu-attention"), List.of("y")).law("y")),
                law("relu-weighted y (atom at 0 of mass 1/8)", LawContractTest::reluWeighted),
                law("clip-value y (not conditionally Gaussian)",
                        () -> ProgramLaw.of(resource("clip-value"), List.of("y")).law("y")),
                law("sigmoid-gate y (no density formula)",
                        () -> ProgramLaw.of(resource("sigmoid-gate"), List.of("y")).law("y")),
                law("nested-two-layers z (NestedOutputLaw; conjecture, beyond Theorem 3.1)",
                        () -> NestedLaw.of(example("nested-two-layers"), List.of("z"), 1e-2, 60, 2).law("z")),
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

    // ------------------------------------------------------------------ the contract, one method per clause

    /** Clause 1: the law's moments against {@code SAMPLES} draws of its own sampler (seed fixed). */
    static void momentsAgreeWithOwnSampler(Law law) {
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
        // z = 5.9 (class comment) times the sample's SE, plus the law's own stated error.
        assertThat(law.mean().value()).as("mean").isCloseTo(m, within(Z * seMean + law.mean().error()));
        assertThat(law.variance().value()).as("variance").isCloseTo(c[2], within(Z * seVar + law.variance().error()));
        assertThat(law.centralFourthMoment().value()).as("fourth moment")
                .isCloseTo(c[4], within(Z * seFourth + law.centralFourthMoment().error()));
        Estimate k = law.excessKurtosis();
        // the kurtosis is the moments' ratio, computed: round-off only
        assertThat(k.value()).isCloseTo(law.centralFourthMoment().value() / Math.pow(law.variance().value(), 2) - 3,
                within(1e-12 * Math.abs(k.value() + 3)));
    }

    /** Clause 2: the distribution function on a grid of ±12 s.d. and at every atom. */
    static void distributionFunctionIsAProbabilityWithItsAtoms(Law law) {
        double m = law.mean().value();
        double sd = Math.sqrt(law.variance().value());
        double previous = 0;
        double previousError = 0;
        for (int i = 0; i <= 48; i++) {
            double x = m - 12 * sd + 24 * sd * (i + 0.5) / 49;   // cell midpoints: not on an atom at the mean
            Law.Cdf c = law.cdf(x);
            // every comparison within the two values' stated errors (nothing is exact here)
            assertThat(c.atMost()).as("P(y <= %s) in [0, 1]", x).isBetween(-c.error(), 1 + c.error());
            assertThat(c.below()).as("P(y < %s) <= P(y <= %s)", x, x).isLessThanOrEqualTo(c.atMost() + c.error());
            assertThat(c.below()).as("monotone at %s", x).isGreaterThanOrEqualTo(previous - c.error() - previousError);
            boolean atAtom = law.atoms().stream().anyMatch(a -> a.location() == x);
            if (!atAtom) {
                assertThat(c.atMost() - c.below()).as("no atom at %s", x).isCloseTo(0, within(1e-15));
            }
            previous = c.atMost();
            previousError = c.error();
        }
        for (Law.Atom a : law.atoms()) {
            Law.Cdf c = law.cdf(a.location());
            assertThat(c.atMost() - c.below()).as("jump at the atom %s", a)
                    .isCloseTo(a.mass(), within(2 * c.error() + a.error()));
            // and the distribution function just beside the atom sees the jump (within the density's share)
            double h = 1e-9 * Math.max(sd, Math.abs(a.location()));
            Law.Cdf left = law.cdf(a.location() - h);
            Law.Cdf right = law.cdf(a.location() + h);
            assertThat(right.atMost() - left.atMost()).as("jump across the atom %s", a)
                    .isCloseTo(a.mass(), within(left.error() + right.error() + a.error() + 1e-6));
        }
    }

    /** An integral with its error estimate. */
    record Quadrature(double value, double error) {
    }

    /**
     * Clause 3: {@code ∫ f} over {@code [m − 12 sd, m + 12 sd]} plus the two tail masses (from the distribution
     * function) equals {@code 1 − Σ atom masses}. The interval is cut at the atoms; beside an atom (where the density
     * may have a logarithmic singularity, e.g. ReLU-weighted attention) the panels are graded geometrically (ratio
     * 1/4 from a quarter of the side down to 4^-13 ≈ 1.5e-8 of it, beyond a quarter 9 equal panels); elsewhere 12 equal
     * panels. On each panel 8- and 16-point
     * Gauss–Legendre: the error of the 16-point sum is bounded by that of the 8-point sum, estimated by their
     * difference; the stated error is that difference plus the density's own errors integrated plus the two tail
     * masses' errors.
     */
    static Quadrature densityIntegral(Law law) {
        double m = law.mean().value();
        double sd = Math.sqrt(law.variance().value());
        double lo = m - 12 * sd;
        double hi = m + 12 * sd;
        List<Double> cuts = new ArrayList<>();
        cuts.add(lo);
        law.atoms().stream().mapToDouble(Law.Atom::location).filter(a -> a > lo && a < hi).sorted().forEach(cuts::add);
        cuts.add(hi);
        List<double[]> panels = new ArrayList<>();
        for (int k = 0; k + 1 < cuts.size(); k++) {
            double a = cuts.get(k);
            double b = cuts.get(k + 1);
            boolean atomLeft = k > 0;
            boolean atomRight = k + 2 < cuts.size();
            panels.addAll(graded(a, b, atomLeft, atomRight));
        }
        GaussIntegratorFactory factory = new GaussIntegratorFactory();
        double q8 = 0;
        double q16 = 0;
        double pointwise = 0;
        for (double[] p : panels) {
            GaussIntegrator g8 = factory.legendre(8, p[0], p[1]);
            GaussIntegrator g16 = factory.legendre(16, p[0], p[1]);
            for (int i = 0; i < g8.getNumberOfPoints(); i++) {
                q8 += g8.getWeight(i) * law.density(g8.getPoint(i)).value();
            }
            for (int i = 0; i < g16.getNumberOfPoints(); i++) {
                Estimate f = law.density(g16.getPoint(i));
                assertThat(f.value()).as("density at %s", g16.getPoint(i)).isGreaterThanOrEqualTo(-f.error());
                q16 += g16.getWeight(i) * f.value();
                pointwise += g16.getWeight(i) * f.error();
            }
        }
        Law.Cdf left = law.cdf(lo);
        Law.Cdf right = law.cdf(hi);
        double tails = left.atMost() + (1 - right.atMost());
        return new Quadrature(q16 + tails, Math.abs(q16 - q8) + pointwise + left.error() + right.error());
    }

    private static List<double[]> graded(double a, double b, boolean atomLeft, boolean atomRight) {
        List<double[]> out = new ArrayList<>();
        if (atomLeft && atomRight) {
            addGeometric(out, a, 0.5 * (a + b));
            addGeometric(out, b, 0.5 * (a + b));
        } else if (atomLeft) {
            addGeometric(out, a, b);
        } else if (atomRight) {
            addGeometric(out, b, a);
        } else {
            for (int i = 0; i < 12; i++) {
                out.add(new double[] {a + (b - a) * i / 12, a + (b - a) * (i + 1) / 12});
            }
        }
        return out;
    }

    /** Panels from {@code far} towards {@code atom}, each a quarter of the previous, the last touching the atom. */
    private static void addGeometric(List<double[]> out, double atom, double far) {
        double d = far - atom;
        for (int i = 0; i < 9; i++) {   // the far three quarters: 9 equal panels
            double x0 = atom + d * (0.25 + 0.75 * i / 9);
            double x1 = atom + d * (0.25 + 0.75 * (i + 1) / 9);
            out.add(new double[] {Math.min(x0, x1), Math.max(x0, x1)});
        }
        double outer = 0.25;
        for (int i = 0; i < 13; i++) {
            double inner = i == 12 ? 0 : outer / 4;
            double x0 = atom + inner * d;
            double x1 = atom + outer * d;
            out.add(new double[] {Math.min(x0, x1), Math.max(x0, x1)});
            outer = inner;
        }
    }

    static void densityIntegratesToOneMinusAtoms(Law law) {
        Quadrature q = densityIntegral(law);
        double atoms = law.atoms().stream().mapToDouble(Law.Atom::mass).sum();
        double atomsError = law.atoms().stream().mapToDouble(Law.Atom::error).sum();
        // Within the quadrature's stated error (see densityIntegral) plus the atoms' own errors. (A central
        // difference for φ' that straddled relu's kink once made relu-attention y integrate to 1/2 + 3.5e-7 against
        // stated errors of 1.5e-9: this clause caught it; MonotoneActivation.slope is now one-sided at a kink.)
        assertThat(q.value()).as("integral of the density + tails")
                .isCloseTo(1 - atoms, within(q.error() + atomsError));
    }

    // ------------------------------------------------------------------ the clauses over every law

    @ParameterizedTest(name = "{0}")
    @MethodSource("laws")
    void momentsAgreeWithTheLawsOwnSampler(String name, Supplier<Law> supplier) {
        momentsAgreeWithOwnSampler(supplier.get());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("laws")
    void distributionFunctionIsMonotoneInTheUnitIntervalWithItsAtoms(String name, Supplier<Law> supplier) {
        Law law = supplier.get();
        if (!law.method().hasDistribution()) {
            assertThatThrownBy(() -> law.cdf(0.0)).isInstanceOf(UnsupportedOperationException.class);
            return;
        }
        distributionFunctionIsAProbabilityWithItsAtoms(law);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("laws")
    void densityIntegratesToOneMinusTheAtoms(String name, Supplier<Law> supplier) {
        Law law = supplier.get();
        if (!law.method().hasDistribution()) {
            assertThatThrownBy(() -> law.density(0.0)).isInstanceOf(UnsupportedOperationException.class);
            return;
        }
        densityIntegratesToOneMinusAtoms(law);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("laws")
    void samplesDoNotDependOnTheThreadCount(String name, Supplier<Law> supplier) {
        Law law = supplier.get();
        double[] one = law.sample(5000, new ParallelSampler(7L, 512, 1));
        double[] four = law.sample(5000, new ParallelSampler(7L, 512, 4));
        assertThat(four).containsExactly(one);
        assertThat(law.sample(5000, new ParallelSampler(8L, 512, 1))).as("another seed, other draws").isNotEqualTo(one);
    }

    // ------------------------------------------------------------------ negative controls: the contract can fail

    /** A law whose draws are 1.05 times the right ones: its variance is 10% off, about 20 of the sample's SEs. */
    @Test
    void aSamplerScaledBy105FailsTheMomentClause() {
        Law right = ProgramLaw.of(example("mha-s4-h2"), List.of("y1")).law("y1");
        Law wrong = new Delegating(right) {
            @Override
            public Sampler sampler(UniformRandomProvider stream) {
                Sampler s = right.sampler(stream);
                return () -> 1.05 * s.sample();
            }
        };
        assertThatThrownBy(() -> momentsAgreeWithOwnSampler(wrong)).isInstanceOf(AssertionError.class);
    }

    /** A law that hides its atom of mass 1/8: its density then integrates to 7/8, not 1. */
    @Test
    void aLawThatHidesItsAtomFailsTheDensityClause() {
        Law right = reluWeighted();
        Law wrong = new Delegating(right) {
            @Override
            public List<Atom> atoms() {
                return List.of();
            }
        };
        assertThatThrownBy(() -> densityIntegratesToOneMinusAtoms(wrong)).isInstanceOf(AssertionError.class);
    }

    /** Every method forwarded: subclasses override the one they falsify. */
    private static class Delegating implements Law {
        private final Law right;

        Delegating(Law right) {
            this.right = right;
        }

        @Override
        public Estimate mean() {
            return right.mean();
        }

        @Override
        public Estimate variance() {
            return right.variance();
        }

        @Override
        public Estimate centralFourthMoment() {
            return right.centralFourthMoment();
        }

        @Override
        public Cdf cdf(double x) {
            return right.cdf(x);
        }

        @Override
        public Estimate density(double x) {
            return right.density(x);
        }

        @Override
        public List<Atom> atoms() {
            return right.atoms();
        }

        @Override
        public Sampler sampler(UniformRandomProvider stream) {
            return right.sampler(stream);
        }

        @Override
        public Method method() {
            return right.method();
        }
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
        // Program outputs count what their parts integrated. mha-s4-h2 y1: Example 3.1 heads of s = 4 tokens
        // (3 dimensions after the shift invariance), conditionally Gaussian (no features), a positive node count.
        Law.Method mha = ProgramLaw.of(example("mha-s4-h2"), List.of("y1")).law("y1").method();
        assertThat(mha.scoreDimensions()).isEqualTo(3);
        assertThat(mha.gaussianFeatures()).isZero();
        assertThat(mha.nodes()).isPositive();
        // relu-attention y: not Gaussian given the scores; one Gaussian feature inside the score integral.
        Law.Method relu = ProgramLaw.of(example("relu-attention"), List.of("y")).law("y").method();
        assertThat(relu.conditionallyGaussian()).isFalse();
        assertThat(relu.gaussianFeatures()).isEqualTo(1);
        assertThat(relu.scoreDimensions()).isPositive();
        assertThat(relu.nodes()).isPositive();
    }
}

package org.attnlimit.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.attnlimit.limit.Estimate;
import org.attnlimit.limit.Law;
import org.attnlimit.limit.ProgramLaw;
import org.attnlimit.program.Program;
import org.junit.jupiter.api.Test;

/**
 * Theorem 3.1 on outputs whose limit law has no density to tabulate: the ReLU-weighted attention (an atom at 0 of
 * mass 1/8) and a sigmoid gate, simulated exactly at n = 1024 (20 000 realisations, seed fixed: every verdict is
 * deterministic) against the law's moments and 80 000 draws of its own sampler. Level: z = 4.9 for the moments,
 * two-sample KS at α = 1e-6 (critical value 0.0213 for 20 000 against 80 000). Two deliberately wrong laws must be
 * rejected: one whose sampler is scaled by 1.25 (moments right: only the KS row can see it; KS distance of a
 * 25% scale change of a near-Gaussian law ≈ 0.25·φ(1)/1.1 ≈ 0.055 > 0.0213), one whose variance is 20% too large
 * (sampler right: the variance row's MDD is about 0.05).
 */
class ProgramSampleLawCheckTest {
    private static final Settings ONE_WIDTH = new Settings(new int[] {1024}, 20_000, 20250601, 2, null);

    private static Program relu() {
        return Program.read(Path.of("tests/resources/programs/relu-weighted.netsor"));
    }

    private static Law law(Program p, String output) {
        return ProgramLaw.of(p, List.of(output)).law(output);
    }

    @Test
    void programLawRoutesAnOutputWithoutDensityToTheSampleComparison() {
        List<Check> checks = ProgramLawCheck.forProgram("relu-weighted", relu(), "y");
        assertThat(checks).last().isInstanceOf(ProgramSampleLawCheck.class);
        // With no output named, an output without a density is still chosen when no other has a law.
        assertThat(ProgramLawCheck.defaultOutput(relu())).isPresent();
    }

    @Test
    void reluWeightedAttentionAgreesWithItsLimitLaw() {
        Program p = relu();
        CheckResult r = new ProgramSampleLawCheck("relu-weighted", p, "y", law(p, "y"), "atom").run(ONE_WIDTH);
        assertThat(r.consistent()).as(r.toString()).isTrue();
        assertThat(r.rows()).filteredOn(CheckResult.Row::binding).hasSize(3);
        assertThat(r.note()).contains("no density", "two-sample Kolmogorov-Smirnov", "80000 draws");
    }

    @Test
    void sigmoidGateAgreesWithItsLimitLaw() {
        Program p = Program.read(Path.of("tests/resources/programs/sigmoid-gate.netsor"));
        List<Check> checks = ProgramLawCheck.forProgram("sigmoid-gate", p, "y");
        assertThat(checks).last().isInstanceOf(ProgramSampleLawCheck.class);
        CheckResult r = checks.get(checks.size() - 1).run(ONE_WIDTH);
        assertThat(r.consistent()).as(r.toString()).isTrue();
    }

    @Test
    void aSamplerScaledBy125IsRejectedByTheKsRow() {
        Program p = relu();
        CheckResult r = new ProgramSampleLawCheck("relu-weighted", p, "y", new Wrong(law(p, "y"), 1.25, 1.0), "atom")
                .run(ONE_WIDTH);
        assertThat(r.consistent()).isFalse();
        assertThat(r.rows()).filteredOn(row -> row.quantity().startsWith("KS")).singleElement()
                .satisfies(row -> assertThat(row.consistent()).isFalse());
    }

    @Test
    void aVarianceTwentyPercentTooLargeIsRejectedByTheVarianceRow() {
        Program p = relu();
        CheckResult r = new ProgramSampleLawCheck("relu-weighted", p, "y", new Wrong(law(p, "y"), 1.0, 1.2), "atom")
                .run(ONE_WIDTH);
        assertThat(r.consistent()).isFalse();
        assertThat(r.rows()).filteredOn(row -> row.quantity().startsWith("Var")).singleElement()
                .satisfies(row -> assertThat(row.consistent()).isFalse());
    }

    /** A deliberately wrong law: the right one with its draws scaled by {@code drawFactor}, its variance by {@code varFactor}. */
    private record Wrong(Law right, double drawFactor, double varFactor) implements Law {
        @Override
        public Estimate mean() {
            return right.mean();
        }

        @Override
        public Estimate variance() {
            return new Estimate(varFactor * right.variance().value(), right.variance().error());
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
            Sampler s = right.sampler(stream);
            return () -> drawFactor * s.sample();
        }

        @Override
        public Method method() {
            return right.method();
        }
    }
}

package org.attnlimit.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.attnlimit.limit.LawTable;
import org.attnlimit.program.Program;
import org.junit.jupiter.api.Test;

/**
 * Theorem 3.1 / Corollary 3.2 on a simulated program. Quick budget (widths 16, 64, 256, 1024; 20 000
 * realisations), fixed seed: each verdict is deterministic. Level: the KS check uses the DKW bound at
 * α = 1e-6, the mean and variance checks z = 4.9 intervals.
 */
class ProgramLawCheckTest {
    private static final Settings QUICK = Settings.quick(20250601).withThreads(2);

    @Test
    void crosswiseOutputHasItsGaussianLimit() {
        Program p = Program.parse(ProgramScoresCheck.CROSSWISE);
        CheckResult r = new ProgramLawCheck("crosswise", p, "a1").run(QUICK);
        assertThat(r.consistent()).isTrue();
        // At n = 1024 (Settings.LIMIT_WIDTH): KS, mean and variance, each with its MDD; the rest show the trend.
        assertThat(r.rows()).filteredOn(CheckResult.Row::binding).hasSize(3)
                .allMatch(row -> row.n() == 1024 && row.mdd() > 0 && row.mdd() < 0.2);
    }

    /** Same draws, limits moved by 20% (MDDs 0.04–0.11 < 0.2): every check row rejects. */
    @Test
    void perturbedLimitIsRejectedByEveryCheckRow() {
        Program p = Program.parse(ProgramScoresCheck.CROSSWISE);
        CheckResult r = new ProgramLawCheck("crosswise", p, "a1").run(QUICK.withPerturb(0.2));
        assertThat(r.rows()).filteredOn(CheckResult.Row::binding).hasSize(3).noneMatch(CheckResult.Row::consistent);
    }

    /** Sigmoid attention's output, a Gaussian scale mixture (Theorem 3.1), against ProgramLaw's law. */
    @Test
    void sigmoidAttentionOutputHasItsTheorem31Limit() {
        Program p = Program.read(java.nio.file.Path.of("theory/programs/sigmoid-attention.netsor"));
        CheckResult r = new ProgramLawCheck("sigmoid", p, "y").run(QUICK);
        assertThat(r.consistent()).as(r.toString()).isTrue();
        assertThat(r.note()).contains("ProgramLaw");
    }

    /**
     * A limit with twice the variance is wrong: the KS distance between N(0, σ²) and N(0, 2σ²) is
     * Φ(t) − Φ(t/√2) at t = √(2 ln 2) = 1.177, i.e. 0.083, against the DKW critical value
     * √(ln(2e6)/(4·10⁴)) = 0.019 for 20 000 realisations; the empirical CDF's SE there is
     * √(0.12·0.88/20000) = 0.0023, so the excess of 0.064 is 28 SEs and the KS row must say inconsistent
     * (the variance row too: 0.516 against 1.03 ± 0.03).
     */
    @Test
    void aWrongLimitVarianceIsRejected() {
        Program p = Program.parse(ProgramScoresCheck.CROSSWISE);
        LawTable wrong = LawTable.gaussian(0, 2 * 0.516059, "a wrong variance");
        CheckResult r = new ProgramLawCheck("crosswise", p, "a1", wrong).run(QUICK);
        assertThat(r.consistent()).isFalse();
        assertThat(r.rows()).filteredOn(row -> row.binding() && row.quantity().startsWith("KS"))
                .singleElement().matches(row -> !row.consistent());
    }

    @Test
    void verifyProgramRunsTheScoreRowsBesideTheLawRows() {
        Program p = Program.parse(ProgramScoresCheck.CROSSWISE);
        List<Check> checks = ProgramLawCheck.forProgram("crosswise", p, null);
        assertThat(checks).extracting(Check::name).containsExactly("program-scores", "program-law");
        assertThatThrownBy(() -> ProgramLawCheck.forProgram("crosswise", p, "nope"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
        assertThatThrownBy(() -> ProgramLawCheck.forProgram("crosswise", p, "p1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("score");
    }
}

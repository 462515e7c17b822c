package org.attnlimit.verify;

import static org.assertj.core.api.Assertions.assertThat;

import org.attnlimit.program.Program;
import org.attnlimit.program.ProgramLimit;
import org.junit.jupiter.api.Test;

/**
 * Proposition D.1 on a simulated .netsor program. The quick budget (widths 16, 64, 256; 2000 realisations)
 * and the fixed seed make each verdict deterministic; the claims below hold at the suite's level
 * (z = 4.9 per interval, 9 intervals: a correct limit fails with probability below 1e-5).
 */
class ProgramScoresCheckTest {
    private static final Settings QUICK = Settings.quick(20250601).withThreads(2);

    @Test
    void crosswiseScoresMatchDefinition31B() {
        CheckResult r = new ProgramScoresCheck().run(QUICK);
        assertThat(r.consistent()).isTrue();
        assertThat(r.rows()).hasSize(9).allMatch(CheckResult.Row::binding);
    }

    @Test
    void droppingTheCrosswiseTermFails() {
        Program p = Program.parse(ProgramScoresCheck.CROSSWISE);
        double[][] wrong = ProgramLimit.of(p).scoreCovariance();
        // Cov(p1, p2) = E[x1 x4] E[x2 x3] ≈ -0.069: at n = 256 the interval (±0.031) plus the allowance
        // (1/256) is half of that, so a claim of 0 must be rejected.
        assertThat(wrong[0][1]).isLessThan(-0.06);
        wrong[0][1] = 0;
        wrong[1][0] = 0;
        CheckResult r = new ProgramScoresCheck("crosswise", p, wrong).run(QUICK);
        assertThat(r.consistent()).isFalse();
    }

    @Test
    void unboundedInputsGiveInformationalRows() {
        Program relu = Program.parse(ProgramScoresCheck.CROSSWISE.replace("clip:c=1", "relu"));
        CheckResult r = new ProgramScoresCheck("relu", relu).run(QUICK);
        // No proven finite-width bound for ReLU inputs: nothing binds, and the note says why.
        assertThat(r.rows()).noneMatch(CheckResult.Row::binding);
        assertThat(r.note()).contains("no proven finite-width bound");
    }
}

package org.attnlimit.verify;

import org.attnlimit.report.VerifyReport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The row arithmetic every check relies on: perturbation, minimum detectable deviation, demotion of weak rows. */
class CheckResultTest {

    @Test
    void mddIsTheSmallestRelativeErrorThisRunRejects() {
        // estimate 1.02, interval 0.03, allowance 0.01, limit 1: MDD = (0.03 + 0.01 + 0.02) / 1 = 0.06.
        CheckResult.Row row = CheckResult.Row.check("c", "q", 16, 1.02, 0.03, 1, 0.01, 1, 0);
        assertThat(row.consistent()).isTrue();
        assertThat(row.binding()).isTrue();
        assertThat(row.mdd()).isCloseTo(0.06, within(1e-15));
        // A limit moved by more than the MDD, either way, is rejected; by less than MDD - 2|error| it is not.
        assertThat(CheckResult.Row.check("c", "q", 16, 1.02, 0.03, 1, 0.01, 1, 0.061).consistent()).isFalse();
        assertThat(CheckResult.Row.check("c", "q", 16, 1.02, 0.03, -1, 0.01, 1, 0.061).consistent()).isFalse();
        assertThat(CheckResult.Row.check("c", "q", 16, 1.02, 0.03, 1, 0.01, 1, 0.019).consistent()).isTrue();
    }

    @Test
    void aTargetOfZeroIsShiftedByEpsTimesTheScale() {
        CheckResult.Row row = CheckResult.Row.check("c", "q", 16, 0.001, 0.01, 0, 0, 0.5, 0.2);
        assertThat(row.limit()).isCloseTo(0.1, within(1e-15));
        assertThat(row.consistent()).isFalse();
        assertThat(row.mdd()).isCloseTo(0.022, within(1e-12));
    }

    @Test
    void aRowsKindIsFixedByItsDesignNotByItsDraws() {
        // a proven allowance above 10% of the scale: an illustration by design, labelled
        CheckResult.Row weak = CheckResult.Row.check("c", "q", 16, 1, 0.01, 1, 0.15, 1, 0);
        assertThat(weak.kind()).isEqualTo(CheckResult.Kind.ILLUSTRATION);
        assertThat(weak.quantity()).contains("illustration");
        assertThat(weak.verdictLabel()).isEqualTo(CheckResult.NO_VERDICT);
        // a wide observed interval (draws with an inflated variance) does not demote a check: it still counts
        CheckResult.Row wide = CheckResult.Row.check("c", "q", 16, 3, 0.5, 1, 0, 1, 0);
        assertThat(wide.kind()).isEqualTo(CheckResult.Kind.CHECK);
        assertThat(wide.consistent()).isFalse();
        assertThat(wide.verdictLabel()).isEqualTo("inconsistent");
    }

    @Test
    void theVerdictCountsChecksOnly() {
        Check dummy = new LemmaC4Check();
        CheckResult.Row badIllustration = CheckResult.Row.illustration("c", "q", 0, 5, 0, 1, 0, 1);
        CheckResult.Row goodCheck = CheckResult.Row.check("c", "q", 0, 1, 0.01, 1, 0, 1, 0);
        assertThat(badIllustration.consistent()).isFalse();
        CheckResult r = CheckResult.of(dummy, "level", List.of(badIllustration, goodCheck), "");
        assertThat(r.consistent()).isTrue();
        assertThat(r.kind()).isEqualTo(CheckResult.Kind.CHECK);
        CheckResult onlyIllustrations = CheckResult.of(dummy, "level", List.of(badIllustration), "");
        assertThat(onlyIllustrations.kind()).isEqualTo(CheckResult.Kind.ILLUSTRATION);
        assertThat(VerifyReport.summary(List.of(r, onlyIllustrations))).startsWith("1/1 checks consistent (1 illustrations;");
    }

    @Test
    void ksMddOfAGaussianMatchesTheClosedForm() {
        // sup_x |Phi(x) - Phi(x/(1+d))| = 0.05 at d = 0.231 (solved in closed form: the sup is at
        // x = (1+d) sqrt(2 ln(1+d) / ((1+d)^2 - 1))).
        org.hipparchus.distribution.continuous.NormalDistribution n01 =
                new org.hipparchus.distribution.continuous.NormalDistribution(0, 1);
        double[] grid = new double[4001];
        for (int i = 0; i < grid.length; i++) {
            grid[i] = -8 + 16.0 * i / (grid.length - 1);
        }
        double d = Power.ksScaleMdd(n01::cumulativeProbability, grid, 0.05);
        double x = (1 + d) * Math.sqrt(2 * Math.log(1 + d) / ((1 + d) * (1 + d) - 1));
        assertThat(n01.cumulativeProbability(x) - n01.cumulativeProbability(x / (1 + d))).isCloseTo(0.05, within(1e-4));
    }
}

package org.attnlimit.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.attnlimit.program.Program;
import org.junit.jupiter.api.Test;

/**
 * {@code verify --program} on a program beyond Theorem 3.1: the conjecture's rows at one judged width, and a
 * deliberately wrong law (the conjecture scaled by 1.5) failing the same KS row. (The rejections of the
 * alternatives need ~20 000 realisations at n ≥ 1024, a run of minutes: theory/deep-attention.md has them.)
 */
class NestedConjectureCheckTest {
    static final Program STACKED = Program.read(Path.of("theory/programs/nested-two-layers.netsor"));

    @Test
    void theConjecturePassesAndAWrongLawFails() {
        Settings s = new Settings(new int[] {1024}, 4000, 7, 2, null);
        CheckResult right = new NestedConjectureCheck("nested-two-layers", STACKED, "z", 1.0, 2e-2).run(s);
        List<CheckResult.Row> conj = right.rows().stream().filter(r -> r.quantity().contains("conjecture")).toList();
        // KS to the conjecture, mean, variance, kurtosis, and the coupled limit draws' KS (Gram-level sampler)
        assertThat(conj).hasSizeGreaterThanOrEqualTo(4);
        // at most 5 rows at alpha = 1e-6 each (KS by DKW, moments at z = Settings.Z): false failure < 1e-5
        assertThat(conj).allMatch(CheckResult.Row::consistent);
        assertThat(right.rows()).anyMatch(r -> r.quantity().startsWith("KS(h_1, averaged-kernel alternative)"));
        CheckResult wrong = new NestedConjectureCheck("nested-two-layers", STACKED, "z", 1.5, 2e-2).run(s);
        CheckResult.Row ks = wrong.rows().stream().filter(r -> r.quantity().startsWith("KS(h_1, conjecture)")).findFirst()
                .orElseThrow();
        assertThat(ks.consistent()).as("KS %s vs critical %s", ks.estimate(), ks.halfWidth()).isFalse();
    }

    @Test
    void theRateIsUnresolvedBelowTheNoiseFloor() {
        assertThat(NestedConjectureCheck.rate(List.of(new double[] {256, 0.01, 0.01}, new double[] {1024, 0.01, 0.01})))
                .contains("unresolved");
        String fit = NestedConjectureCheck.rate(List.of(new double[] {64, 0.4, 0.001}, new double[] {256, 0.1, 0.001},
                new double[] {1024, 0.025, 0.001}));
        assertThat(fit).contains("n^-1.000");
    }
}

package org.attnlimit.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.attnlimit.calculus.Activation;
import org.junit.jupiter.api.Test;

/**
 * A check must be able to fail: each test feeds a check a deliberately wrong limit (or a broken program)
 * and expects the verdict "inconsistent", next to a control run with the right limit.
 *
 * <p>False-pass rates: with widths 256 and 1024 and 20 000 draws, the wrong limits below sit at least
 * twice the interval half-width plus allowance away from the truth, so a wrong limit passes only if the
 * estimate moves about five standard errors: probability below 1e-6 per test. The control runs pass
 * unless an estimate leaves its z = 4.9 interval (α = 1e-6 each, a few dozen intervals).
 */
class WrongLimitTest {
    private static final Settings SETTINGS = new Settings(new int[] {256, 1024}, 20_000, 7, 2, null);
    private static final ScoreArray HEAD = ScoreArray.attentionHead(Activation.clip(1), 2);
    private static final ScoreArray CROSS = ScoreArray.crosswise(Activation.clip(1), 0.7);

    @Test
    void lemmaD5FailsWhenTheVarianceIsTwentyPercentTooLarge() {
        // p11: sigma^2 = 0.266, 1.2 sigma^2 - sigma^2 = 0.053; half-width ~0.025, allowance 2/n <= 0.008.
        ScoreCase right = ScoreCase.of("head p11", HEAD, 1, 0, 0, 0);
        ScoreCase wrong = right.withLimit(ScoreLimit.of(HEAD).scaled(1.2));
        assertThat(new LemmaD5Check(List.of(right)).run(SETTINGS).consistent()).isTrue();
        CheckResult r = new LemmaD5Check(List.of(wrong)).run(SETTINGS);
        assertThat(r.consistent()).isFalse();
        assertThat(r.rows()).anyMatch(row -> !row.consistent());
    }

    @Test
    void lemmaD5AndPropositionD1FailWithoutTheCrosswiseTerm() {
        // crosswise t = (1,1): sigma^2 = 0.765 with the term, 0.533 without; half-width ~0.07 at 20 000 draws.
        ScoreCase right = ScoreCase.of("crosswise (1,1)", CROSS, 1, 1);
        ScoreCase dropped = right.withLimit(ScoreLimit.withoutCrosswiseTerm(CROSS));
        assertThat(new LemmaD5Check(List.of(right)).run(SETTINGS).consistent()).isTrue();
        assertThat(new LemmaD5Check(List.of(dropped)).run(SETTINGS).consistent()).isFalse();
        // Cov(p1, p2) = K_xy^2 = 0.116 against 0 when the term is dropped; half-width ~0.03 at 5 000 draws.
        Settings d1 = new Settings(new int[] {64, 256}, 20_000, 7, 2, null);
        assertThat(new PropositionD1Check(List.of(CROSS), List.of(ScoreLimit.of(CROSS))).run(d1).consistent()).isTrue();
        assertThat(new PropositionD1Check(List.of(CROSS), List.of(ScoreLimit.withoutCrosswiseTerm(CROSS))).run(d1)
                .consistent()).isFalse();
    }

    @Test
    void lemmaD3FailsWhenOneCoordinateIsSpecial() {
        // Row 1 of every W scaled by 1.3: E X_1^2 grows by 1.3^4 - 1 = 1.86 times sigma^2, far outside +/- 0.13.
        List<ScoreCase> head = List.of(ScoreCase.of("head p11", HEAD, 1, 0, 0, 0));
        Settings small = new Settings(new int[] {64}, 8_000, 7, 2, null);
        assertThat(new LemmaD3Check(head, 1).run(small).consistent()).isTrue();
        assertThat(new LemmaD3Check(head, 1.3).run(small).consistent()).isFalse();
    }

    @Test
    void lemmaC4FailsWhenTheClaimedConstantIsNotTheSharpOne() {
        // The ratio for xy, order 2, approaches 1/2 (the sharp constant): a claimed 0.4 is refuted from below (the
        // search exceeds it), a claimed 0.6 from above (the search cannot get within 5% of it), 1/2 is not.
        Settings s = new Settings(new int[] {16}, 20_000, 7, 1, null);
        assertThat(new LemmaC4Check().run(s).consistent()).isTrue();
        CheckResult wrong = new LemmaC4Check(0.4).run(s);
        assertThat(wrong.consistent()).isFalse();
        assertThat(wrong.rows().get(0).estimate()).isBetween(0.475, 0.5 + 1e-9);
        assertThat(new LemmaC4Check(0.6).run(s).consistent()).isFalse();
    }

    @Test
    void lemmaD7FailsWithoutTheCrosswiseTerm() {
        // crosswise t = (1,1): sigma^4 = 0.586 with the term, 0.284 without. At n = 1024 the Rao-Blackwellised
        // interval (+/- 0.002) plus the proven allowance (0.018) is far below the gap of 0.30.
        ScoreCase right = ScoreCase.of("crosswise (1,1)", CROSS, 1, 1);
        ScoreCase dropped = right.withLimit(ScoreLimit.withoutCrosswiseTerm(CROSS));
        CheckResult ok = new LemmaD7Check(List.of(right)).run(SETTINGS);
        assertThat(ok.consistent()).isTrue();
        assertThat(ok.rows()).anyMatch(row -> row.binding() && row.n() == 1024);
        CheckResult bad = new LemmaD7Check(List.of(dropped)).run(SETTINGS);
        assertThat(bad.consistent()).isFalse();
        assertThat(bad.rows()).anyMatch(row -> row.binding() && !row.consistent());
    }
}

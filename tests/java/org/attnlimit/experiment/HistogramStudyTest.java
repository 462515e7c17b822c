package org.attnlimit.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.attnlimit.calculus.Activation;
import org.attnlimit.limit.AttentionLimit;
import org.attnlimit.limit.AttentionSetup;
import org.attnlimit.random.Cancellation;
import org.attnlimit.stats.Moments;
import org.junit.jupiter.api.Test;

/**
 * The Figure 2 study: streams independent of the thread count, the 1/n score equal in law to the 1/√n score
 * divided by √n, and the tail curves' blanking rules. Error budget: 2 statistical assertions, α = 1e-6
 * overall → z = 5.3 (two-sided, α_i = 5e-7).
 */
class HistogramStudyTest {

    @Test
    void scoresDoNotDependOnTheThreadCountAndScaleAsOneOverSqrtN() {
        int n = 16;
        int samples = 20_000;
        HistogramStudy.Scores one = HistogramStudy.scores(n, samples, 21L, 120, 1, Cancellation.create());
        HistogramStudy.Scores two = HistogramStudy.scores(n, samples, 21L, 120, 2, Cancellation.create());
        assertThat(two.sqrt()).isEqualTo(one.sqrt());
        assertThat(two.linear()).isEqualTo(one.linear());
        assertThat(one.window().centres()).hasSize(120);
        assertThat(one.limitPdf()).hasSize(120);

        // p_11 under 1/n is p_11 under 1/√n divided by √n (same layer law): n·Var(linear) and Var(sqrt) estimate
        // the same variance from independent streams; z = 5.3 of the difference's SE.
        Moments sqrt = Moments.of(one.sqrt());
        Moments linear = Moments.of(one.linear());
        double se = Math.hypot(sqrt.varianceSe(), n * linear.varianceSe());
        assertThat(n * linear.variance()).isCloseTo(sqrt.variance(), within(5.3 * se));
        assertThat(one.sdSqrt()).isEqualTo(Math.sqrt(sqrt.variance()));
        // Negative: without the factor n (a wrong 1/√n-versus-1/n scaling) the same test rejects.
        assertThat(Math.abs(linear.variance() - sqrt.variance())).isGreaterThan(5.3 * se);
    }

    @Test
    void windowCentresAreTheBinMidpoints() {
        HistogramStudy.Window w = HistogramStudy.Window.of(-2, 2, 4);
        assertThat(w.centres()).containsExactly(-1.5, -0.5, 0.5, 1.5);
        assertThat(w.bins()).isEqualTo(4);
    }

    @Test
    void tailsBlankWhatTheyCannotResolve() {
        double[] ones = new double[1000];
        Arrays.fill(ones, 1.0);
        HistogramStudy.Tails r = HistogramStudy.tails(ones, 1, 7L);
        assertThat(r.t()).hasSize(97);
        assertThat(r.gaussianTail()[0]).isEqualTo(1.0);
        for (int i = 0; i < r.t().length; i++) {
            // every |y| = 1 exceeds t < 1 (tail 1); none exceeds t ≥ 1 (fewer than 10 exceedances: blank)
            if (r.t()[i] < 1) {
                assertThat(r.empiricalTail()[i]).isEqualTo(1.0);
            } else {
                assertThat(r.empiricalTail()[i]).isNaN();
            }
        }
        for (int k = 0; k < r.limitHeads().length; k++) {
            double[] tail = r.limitTails().get(k);
            // 2(1 − F(0)) = 1 for a symmetric law, up to twice AttentionLimit's CDF error estimate at 0;
            // the tail decreases where it is shown
            double err = AttentionLimit.of(AttentionSetup.template(Activation.clip(100), 4, r.limitHeads()[k]))
                    .cdfError(new double[] {0})[0];
            assertThat(tail[0]).isCloseTo(1.0, within(2 * err));
            double last = Double.POSITIVE_INFINITY;
            for (double p : tail) {
                if (!Double.isNaN(p)) {
                    assertThat(p).isLessThanOrEqualTo(last);
                    last = p;
                }
            }
        }
        assertThat(HistogramStudy.tails(null, 1, 7L).empiricalTail()).isNull();
    }
}

package org.attnlimit.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ExchangeableMomentsTest {

    @Test
    void agreesWithTheTensorRuleWhereBothApply() {
        // Two independent methods (1-D reduction vs (s−1)-dim tensor Gauss–Hermite); the tolerance is
        // the sum of their error estimates, each ≤ 1e-10 relative here, plus round-off.
        for (int s : new int[] {2, 3, 4}) {
            for (double scale : new double[] {1.0, 4.0}) {
                double[][] k = AttentionSetup.iidGram(s, 0.5, 1 / (2 * Math.PI));
                ExchangeableMoments.Result e = ExchangeableMoments.of(k, scale);
                HeadQuadrature.Result t = HeadQuadrature.of(k, scale);
                double tol = e.relativeError() + t.relativeError() + 1e-13;
                assertThat(e.m1()).as("s=%d scale=%s", s, scale).isCloseTo(t.m1(), within(tol * t.m1()));
                assertThat(e.m2()).as("s=%d scale=%s", s, scale).isCloseTo(t.m2(), within(tol * t.m2()));
            }
        }
    }

    @Test
    void tenTokensMomentsAreAccurate() {
        AttentionLimit law = AttentionLimit.of(new AttentionSetup(org.attnlimit.calculus.Activation.relu(), 10, 1,
                1, 1, 1, 1, AttentionSetup.iidGram(10, 0.5, 1 / (2 * Math.PI))));
        assertThat(law.errorBound()).isLessThan(1e-10);
        assertThat(law.method().description()).contains("exchangeable");
    }

    @Test
    void appliesOnlyToExchangeableGrams() {
        assertThat(ExchangeableMoments.applies(AttentionSetup.iidGram(3, 1, 0.2))).isTrue();
        assertThat(ExchangeableMoments.applies(new double[][] {{1, 0.2}, {0.2, 2}})).isFalse();
        assertThat(ExchangeableMoments.applies(new double[][] {{1}})).isFalse();
    }
}

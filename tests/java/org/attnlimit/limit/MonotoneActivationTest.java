package org.attnlimit.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.attnlimit.calculus.Activation;
import org.junit.jupiter.api.Test;

/** φ' beside a kink: the one-sided difference on the point's own side (exact for piecewise-linear φ). */
class MonotoneActivationTest {

    @Test
    void slopeBesideAKinkIsTheSlopeOfThePointsOwnPiece() {
        // piecewise linear: the one-sided difference is exact up to rounding (1e-9 is ~10^7 ulps of slack)
        assertThat(MonotoneActivation.slope(Activation.relu(), 1e-9)).isCloseTo(1, within(1e-9));
        assertThat(MonotoneActivation.slope(Activation.relu(), 0)).isCloseTo(1, within(1e-9));
        assertThat(MonotoneActivation.slope(Activation.clip(1), 1 - 1e-9)).isCloseTo(1, within(1e-9));
        assertThat(MonotoneActivation.slope(Activation.clip(1), -1 + 1e-9)).isCloseTo(1, within(1e-9));
        Activation leaky = Activation.parse("leaky-relu:a=0.1");
        assertThat(MonotoneActivation.slope(leaky, -1e-9)).isCloseTo(0.1, within(1e-9));
        assertThat(MonotoneActivation.slope(leaky, 1e-9)).isCloseTo(1, within(1e-9));
    }

    @Test
    void awayFromKinksTheCentralDifferenceIsSecondOrder() {
        // tanh'(0.5) = 1 − tanh²(0.5); central difference error ≈ h²·|φ'''|/6 < 1e-12 for h = 1e-6, plus rounding
        // ≈ 1e-16/1e-6 = 1e-10
        double t = Math.tanh(0.5);
        assertThat(MonotoneActivation.slope(Activation.parse("tanh"), 0.5)).isCloseTo(1 - t * t, within(1e-9));
    }
}

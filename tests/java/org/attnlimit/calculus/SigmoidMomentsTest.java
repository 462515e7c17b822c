package org.attnlimit.calculus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The sigmoid activation (sigmoid attention weights): values, boundedness and Gaussian moments. */
class SigmoidMomentsTest {
    private static final Activation SIGMOID = Activation.parse("sigmoid");

    @Test
    void valuesAreStableForHugeArguments() {
        assertThat(SIGMOID.apply(0)).isEqualTo(0.5);
        assertThat(SIGMOID.apply(2)).isCloseTo(1 / (1 + Math.exp(-2)), within(1e-16));
        assertThat(SIGMOID.apply(-2)).isCloseTo(1 / (1 + Math.exp(2)), within(1e-16));
        assertThat(SIGMOID.apply(1000)).isEqualTo(1.0);
        assertThat(SIGMOID.apply(-1000)).isEqualTo(0.0);
        assertThat(SIGMOID.isBounded()).isTrue();
        assertThat(SIGMOID.spec()).isEqualTo("sigmoid");
        assertThat(Activation.parse(SIGMOID.spec())).isEqualTo(SIGMOID);
    }

    @Test
    void meanOfCentredSigmoidIsOneHalf() {
        // σ(t) − 1/2 is odd, so E[σ(Z)] = 1/2 for centred Z: an exact value, not a second quadrature.
        for (double v : new double[] {0.01, 1, 9}) {
            Expectation e = GaussianExpectations.moment(SIGMOID, 1, 0, v);
            assertThat(e.value()).as("v=%s via %s", v, e.method()).isCloseTo(0.5, within(1e-12));
        }
    }

    @Test
    void momentsAgreeWithGaussHermite() {
        // Independent reference: the trapezoidal rule with step h = 0.02 on z ∈ [−14, 14] for
        // E[σ(μ + √v z)^k], z ~ N(0, 1). The integrand is analytic in the strip |Im z| < π/√v (σ's poles
        // at ±iπ), so the error is O(exp(−2π·(π/√v)/h)) < 1e-300, plus the tail mass 2Φ(−14) < 1e-44:
        // round-off only (~1e-15). Tolerance 1e-11 leaves room for the calculus's own bound, checked below it.
        // (Gauss–Hermite was tried first: 60 points are still 2e-11 off at v = 2.5, which this test caught.)
        double[][] meanVar = {{0, 1}, {0.7, 0.25}, {-1.3, 2.5}};
        for (double[] mv : meanVar) {
            for (int k = 1; k <= 4; k++) {
                double ref = 0;
                double h = 0.02;
                for (int i = -700; i <= 700; i++) {
                    double z = i * h;
                    ref += h * Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI) * Math.pow(SIGMOID.apply(mv[0] + Math.sqrt(mv[1]) * z), k);
                }
                Expectation e = GaussianExpectations.moment(SIGMOID, k, mv[0], mv[1]);
                assertThat(e.errorBound()).isLessThan(1e-11);
                assertThat(e.value()).as("k=%d mean=%s var=%s", k, mv[0], mv[1]).isCloseTo(ref, within(1e-11));
            }
        }
    }

    @Test
    void aWrongReferenceIsDetected() {
        // Negative control: tanh's moment is not sigmoid's; the same comparison must fail by far.
        double tanh2 = GaussianExpectations.moment(Activation.parse("tanh"), 2, 0, 1).value();
        double sig2 = GaussianExpectations.moment(SIGMOID, 2, 0, 1).value();
        assertThat(Math.abs(tanh2 - sig2)).isGreaterThan(1e-3);
    }
}

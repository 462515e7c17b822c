package org.attnlimit.calculus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GaussianExpectationsTest {
    /**
     * Closed form against quadrature: 1e-10 absolute. The quadrature's own error bound is far below
     * that (checked alongside), so a disagreement above 1e-10 is a wrong formula, not quadrature noise.
     */
    private static final double TOL = 1e-10;

    static final List<Activation> ACTIVATIONS = List.of(Activation.identity(), Activation.clip(1), Activation.clip(0.3),
            Activation.relu(), Activation.parse("step"), Activation.parse("leaky-relu:a=0.1"),
            Activation.parse("leaky-relu:a=-0.5"), Activation.parse("tanh"), Activation.parse("erf"),
            Activation.parse("gelu"));

    static Stream<Arguments> momentGrid() {
        List<Arguments> args = new ArrayList<>();
        double[][] meanVar = {{0, 1}, {0, 0.25}, {0.7, 1}, {-1.3, 2.5}, {0.2, 0.01}};
        for (Activation phi : ACTIVATIONS) {
            for (double[] mv : meanVar) {
                args.add(Arguments.of(phi, mv[0], mv[1]));
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} mean={1} var={2}")
    @MethodSource("momentGrid")
    void fastPathAgreesWithQuadrature(Activation phi, double mean, double var) {
        for (int k = 1; k <= 4; k++) {
            Expectation fast = GaussianExpectations.moment(phi, k, mean, var);
            Expectation quad = SplitQuadrature.moment(phi, k, mean, var);
            assertThat(quad.errorBound()).as("quadrature bound k=%d", k).isLessThan(TOL / 10);
            assertThat(fast.errorBound()).as("fast bound k=%d", k).isLessThan(TOL / 10);
            assertThat(fast.value()).as("%s k=%d via %s", phi, k, fast.method()).isCloseTo(quad.value(), within(TOL));
        }
    }

    @Test
    void knownValuesFromMath7() {
        assertThat(GaussianExpectations.moment(Activation.clip(1), 2, 0, 1).value()).isCloseTo(0.516059, within(1e-6));
        assertThat(GaussianExpectations.moment(Activation.relu(), 2, 0, 1).value()).isCloseTo(0.5, within(1e-15));
        assertThat(GaussianExpectations.moment(Activation.relu(), 1, 0, 1).value()).isCloseTo(0.398942, within(1e-6));
        assertThat(GaussianExpectations.moment(Activation.clip(1), 1, 0, 1).value()).isCloseTo(0, within(1e-15));
    }

    @Test
    void clipSecondMomentMatchesTheTextbookForm() {
        for (double c : new double[] {0.1, 1, 2.5}) {
            double textbook = 2 * Normal.cdf(c) - 1 - 2 * c * Normal.pdf(c) + 2 * c * c * (1 - Normal.cdf(c));
            assertThat(GaussianExpectations.moment(Activation.clip(c), 2, 0, 1).value()).isCloseTo(textbook, within(1e-14));
        }
    }

    @Test
    void zeroVarianceIsTheConstantMean() {
        Expectation e = GaussianExpectations.moment(Activation.clip(1), 3, 0.5, 0);
        assertThat(e.value()).isEqualTo(0.125);
    }

    @Test
    void badArgumentsAreRefused() {
        Activation relu = Activation.relu();
        assertThatThrownBy(() -> GaussianExpectations.moment(relu, 0, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GaussianExpectations.moment(relu, 5, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GaussianExpectations.moment(relu, 1, Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GaussianExpectations.moment(relu, 1, 0, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GaussianExpectations.moment(relu, 1, 0, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GaussianExpectations.pair(relu, relu, 1, 1, 1.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("correlation");
        assertThatThrownBy(() -> GaussianExpectations.pair(relu, relu, 1, 1, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sameAnswersFromManyThreads() {
        Activation clip = Activation.clip(1);
        Activation tanh = Activation.parse("tanh");
        double[] serial = new double[16];
        for (int i = 0; i < serial.length; i++) {
            serial[i] = GaussianExpectations.moment(tanh, 1 + i % 4, 0.05 * i, 1).value()
                    + GaussianExpectations.pair(clip, clip, 1, 1, 0.05 * i).value();
        }
        double[] parallel = java.util.stream.IntStream.range(0, serial.length).parallel()
                .mapToDouble(i -> GaussianExpectations.moment(tanh, 1 + i % 4, 0.05 * i, 1).value()
                        + GaussianExpectations.pair(clip, clip, 1, 1, 0.05 * i).value())
                .toArray();
        assertThat(parallel).containsExactly(serial);
    }

    @Test
    void correlationMinusOneIsExactAndNearItFullyAccurate() {
        Activation step = Activation.parse("step");
        Activation relu = Activation.relu();
        // ρ = −1 exactly (c12 = −√(v1 v2) with √1.5·√1.5 an ulp below 1.5): V = −U·√(v2/v1), so
        // step × step = P(U > 0, V > 0) = 0, ReLU × step = E[U 1{U>0, V>0}] = 0, ReLU × ReLU = 0 — exactly.
        // Before the covariance was clamped to √(fl(v1 v2)) (not √v1·√v2) step × step gave 2.2e-9 here,
        // 4e4 times its own error bound; this assertion (0 within the bound) failed on that code.
        // Only where v1 v2 is the square of a double is ρ = −1 exactly representable (√(fl(x²)) = |x|); for
        // e.g. v1 = 1e-3, v2 = 4 the double −√(v1 v2) has 1 + ρ ~ 1e-16 and a true value ~ 1e-9.
        for (double[] v : new double[][] {{1.5, 1.5}, {2, 8}, {0.3, 0.3}, {0.25, 4}, {1e-3, 1e-3}}) {
            double cov = -Math.sqrt(v[0] * v[1]);
            for (Activation[] pq : new Activation[][] {{step, step}, {relu, step}, {step, relu}, {relu, relu}}) {
                Expectation e = GaussianExpectations.pair(pq[0], pq[1], v[0], v[1], cov);
                assertThat(Math.abs(e.value())).as(pq[0] + " x " + pq[1] + " at " + v[0] + ", " + v[1])
                        .isLessThanOrEqualTo(e.errorBound());
            }
        }
        // One ulp inside ρ = −1, where fl(v1v2) − fl(c12²) is pure rounding: references from 40-digit mpmath,
        // (π − arccos ρ)/(2π) and √v1 (1 + ρ)/(2√(2π)) at ρ = c12/1.5 computed exactly from the double c12.
        // Without the FMA-exact v1v2 − c12² the step value was wrong in its first digits; the allowed error is
        // the reported bound (256 ulp, at least 5.7e-14 absolute).
        double c = -1.4999999999999998;
        Expectation ss = GaussianExpectations.pair(step, step, 1.5, 1.5, c);
        assertThat(ss.value()).isCloseTo(2.7384802471687001800e-9, within(ss.errorBound()));
        assertThat(ss.value()).isCloseTo(2.7384802471687001800e-9, within(1e-12 * 2.74e-9));   // relative 1e-12
        Expectation rs = GaussianExpectations.pair(relu, step, 1.5, 1.5, c);
        assertThat(rs.value()).isCloseTo(3.6163850573620587e-17, within(1e-12 * 3.62e-17));           // relative 1e-12
        Expectation ss2 = GaussianExpectations.pair(step, step, 1.5, 1.5, -1.4999999);
        assertThat(ss2.value()).isCloseTo(5.8115168653082543e-5, within(ss2.errorBound()));
    }
}

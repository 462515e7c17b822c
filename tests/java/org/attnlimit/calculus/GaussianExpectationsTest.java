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
}

package org.attnlimit.calculus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each cited bivariate identity against nested quadrature (inner integral also by quadrature). */
class PairKernelsTest {
    /** 1e-10 absolute: the nested quadrature's error bound is below 1e-11 (asserted), the rest is headroom. */
    private static final double TOL = 1e-10;

    private static final Activation RELU = Activation.relu();
    private static final Activation STEP = Activation.parse("step");
    private static final Activation ERF = Activation.parse("erf");
    private static final Activation ID = Activation.identity();
    private static final Activation LEAKY = Activation.parse("leaky-relu:a=0.2");
    private static final Activation LEAKY2 = Activation.parse("leaky-relu:a=-0.5");

    static Stream<Arguments> identities() {
        List<Activation[]> pairs = List.of(
                new Activation[] {RELU, RELU}, new Activation[] {STEP, STEP}, new Activation[] {RELU, STEP},
                new Activation[] {STEP, RELU}, new Activation[] {ERF, ERF}, new Activation[] {ID, ID},
                new Activation[] {LEAKY, LEAKY2}, new Activation[] {RELU, LEAKY}, new Activation[] {LEAKY, RELU},
                new Activation[] {ID, RELU}, new Activation[] {STEP, ID}, new Activation[] {ID, Activation.clip(0.7)},
                new Activation[] {ID, ERF}, new Activation[] {Activation.parse("gelu"), ID});
        double[] rhos = {-1, -0.99, 0, 0.3, 0.99, 1};
        double[][] variances = {{1, 1}, {0.5, 2}};
        List<Arguments> args = new ArrayList<>();
        for (Activation[] p : pairs) {
            boolean smooth = !p[0].kind().piecewisePolynomial() || !p[1].kind().piecewisePolynomial();
            for (double[] v : variances) {
                if (smooth && v[0] == v[1]) {
                    continue; // erf costs ~1 µs per call in the nested quadrature: unequal variances only
                }
                for (double rho : rhos) {
                    args.add(Arguments.of(p[0], p[1], v[0], v[1], rho * Math.sqrt(v[0] * v[1])));
                }
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} x {1} v1={2} v2={3} cov={4}")
    @MethodSource("identities")
    void identityAgreesWithNestedQuadrature(Activation phi, Activation psi, double v1, double v2, double cov) {
        Expectation identity = GaussianExpectations.pair(phi, psi, v1, v2, cov);
        Expectation quad = SplitQuadrature.pair(phi, psi, v1, v2, cov);
        assertThat(identity.method()).isEqualTo(Method.IDENTITY);
        assertThat(identity.latex()).isNotBlank();
        assertThat(quad.errorBound()).isLessThan(TOL / 10);
        assertThat(identity.value()).isCloseTo(quad.value(), within(TOL));
    }

    @ParameterizedTest(name = "{0} x {1} cov={2}")
    @MethodSource("noIdentity")
    void fastNestedQuadratureAgreesWithFullQuadrature(Activation phi, Activation psi, double cov) {
        Expectation fast = GaussianExpectations.pair(phi, psi, 1.5, 0.8, cov);
        Expectation quad = SplitQuadrature.pair(phi, psi, 1.5, 0.8, cov);
        assertThat(fast.method()).isEqualTo(Method.QUADRATURE);
        assertThat(fast.errorBound()).isLessThan(TOL / 10);
        assertThat(fast.value()).isCloseTo(quad.value(), within(TOL));
    }

    static Stream<Arguments> noIdentity() {
        double s = Math.sqrt(1.5 * 0.8);
        return Stream.of(Arguments.of(Activation.clip(1), Activation.clip(1), 0.99 * s),
                Arguments.of(Activation.clip(1), Activation.clip(0.5), -0.3 * s),
                Arguments.of(Activation.parse("tanh"), RELU, 0.6 * s),
                Arguments.of(Activation.clip(1), Activation.parse("gelu"), -0.99 * s),
                Arguments.of(Activation.parse("tanh"), Activation.parse("tanh"), s));
    }

    @Test
    void reluKernelIsTheTextbookFormulaForUnitVariances() {
        for (double rho : new double[] {-0.9, 0, 0.5}) {
            double expected = (Math.sqrt(1 - rho * rho) + rho * (Math.PI - Math.acos(rho))) / (2 * Math.PI);
            assertThat(GaussianExpectations.pair(RELU, RELU, 1, 1, rho).value()).isCloseTo(expected, within(1e-15));
        }
    }

    @Test
    void zeroVarianceMakesTheVariableConstant() {
        Expectation e = GaussianExpectations.pair(Activation.parse("step"), Activation.parse("erf"), 0, 2, 0);
        assertThat(e.value()).isEqualTo(0.0);
        Expectation f = GaussianExpectations.pair(Activation.clip(1), Activation.parse("gelu"), 1, 0, 0);
        assertThat(f.value()).isCloseTo(0.0, within(1e-15));
    }
}

package org.attnlimit.symbolic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.attnlimit.calculus.Activation;
import org.attnlimit.calculus.ClosedForm;
import org.attnlimit.calculus.ClosedFormProvider;
import org.attnlimit.calculus.Method;
import org.attnlimit.calculus.SplitQuadrature;
import org.attnlimit.calculus.TieredExpectations;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Symja-derived closed forms against split quadrature; one evaluator for the class (Symja starts slowly). */
class SymjaClosedFormsTest {
    /** 1e-10 absolute: the quadrature's error bound is below 1e-11 (asserted), the rest is headroom. */
    private static final double TOL = 1e-10;

    private static SymjaClosedForms symja;

    @BeforeAll
    static void start() {
        symja = SymjaClosedForms.create();
    }

    @AfterAll
    static void stop() {
        symja.close();
    }

    static Stream<Arguments> grid() {
        List<Arguments> args = new ArrayList<>();
        for (String spec : List.of("identity", "clip:c=1", "clip:c=0.4", "relu", "step", "leaky-relu:a=0.1")) {
            for (int k = 1; k <= 4; k++) {
                args.add(Arguments.of(spec, k, 0.0, 1.0));
            }
        }
        // Non-centred: a few; the fast path is checked against quadrature on the full grid of (μ, v).
        args.add(Arguments.of("clip:c=1", 2, 0.5, 2.0));
        args.add(Arguments.of("clip:c=1", 3, 0.5, 2.0));
        args.add(Arguments.of("relu", 1, -1.25, 0.25));
        args.add(Arguments.of("relu", 4, -1.25, 0.25));
        args.add(Arguments.of("leaky-relu:a=-0.5", 3, 0.3, 1.5));
        args.add(Arguments.of("step", 2, 2.0, 0.5));
        return args.stream();
    }

    @ParameterizedTest(name = "{0} k={1} mean={2} var={3}")
    @MethodSource("grid")
    void derivedFormAgreesWithQuadrature(String spec, int k, double mean, double var) {
        Activation phi = Activation.parse(spec);
        ClosedFormProvider.Outcome outcome = symja.moment(phi, k, mean, var);
        assertThat(outcome.reason()).isNull();
        ClosedForm cf = outcome.result().orElseThrow();
        var quad = SplitQuadrature.moment(phi, k, mean, var);
        assertThat(quad.errorBound()).isLessThan(TOL / 10);
        assertThat(cf.value()).isCloseTo(quad.value(), within(TOL));
        assertThat(cf.text()).doesNotContain("Erf", "Integrate", "E^");
        assertThat(cf.latex()).isNotBlank();
    }

    @Test
    void clipSecondMomentIsTheTextbookForm() {
        ClosedForm cf = symja.moment(Activation.clip(1), 2, 0, 1).result().orElseThrow();
        // Appendix B.1: 2Φ(c) − 1 − 2cφ(c) + 2c²(1 − Φ(c)), in Symja's term order.
        assertThat(cf.text()).isEqualTo("-1+2*c^2*(1-Φ(c))+2*Φ(c)-2*c*φ(c)");
        assertThat(cf.latex()).contains("\\Phi(c)", "\\varphi(c)").doesNotContain("erf", "ncdf");
        assertThat(cf.value()).isCloseTo(0.516059, within(1e-6));
        assertThat(cf.generalLatex()).contains("\\mu", "v");
    }

    @Test
    void tieredAnswerIsSymbolicForPiecewiseAndFallsBackForSmooth() {
        var relu = TieredExpectations.moment(symja, Activation.relu(), 1, 0, 1);
        assertThat(relu.expectation().method()).isEqualTo(Method.SYMBOLIC);
        assertThat(relu.expectation().value()).isCloseTo(0.398942, within(1e-6));
        var tanh = TieredExpectations.moment(symja, Activation.parse("tanh"), 2, 0, 1);
        assertThat(tanh.expectation().method()).isEqualTo(Method.QUADRATURE);
        assertThat(tanh.expectation().note()).contains("not piecewise polynomial");
    }

    @Test
    void timeoutFallsBackToQuadratureAndSaysWhy() {
        // A zero budget fails every evaluation deterministically: a small positive budget would make this
        // test depend on machine load (Symja answers a repeated integral in well under a second).
        try (SymjaClosedForms hurried = SymjaClosedForms.uncached(Duration.ZERO)) {
            var a = TieredExpectations.moment(hurried, Activation.parse("leaky-relu:a=0.3"), 4, 0.1, 0.7);
            assertThat(a.expectation().method()).isEqualTo(Method.QUADRATURE);
            assertThat(a.expectation().note()).contains("symbolic derivation failed");
            assertThat(a.closedForm()).isEmpty();
        }
    }
}

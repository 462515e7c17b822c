package org.attnlimit.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.attnlimit.calculus.Activation;
import org.attnlimit.calculus.Expectation;
import org.attnlimit.calculus.GaussianExpectations;
import org.attnlimit.symbolic.OpenClaimAlgebra;
import org.attnlimit.symbolic.ParsedClaim;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Symja forms of the cited pair identities agree with calculus' numbers (and a wrong one does not). */
class PairFormsTest {
    @RegisterExtension
    static final OpenClaimAlgebra algebra = new OpenClaimAlgebra();

    private static Activation of(Activation.Kind kind, double p) {
        return kind.parameterName() == null ? new Activation(kind, Double.NaN) : new Activation(kind, p);
    }

    @Test
    void everyFormMatchesTheToolsValue() {
        double[][] points = {{1, 1, 0.3}, {0.5, 2.5, -0.7}, {3, 0.2, 0.999}, {1.5, 1.5, -1}, {0.8, 1.1, 0}};
        int forms = 0;
        for (Activation.Kind a : Activation.Kind.values()) {
            for (Activation.Kind b : Activation.Kind.values()) {
                Optional<String> form = PairForms.of(a, b, "p", "q");
                if (form.isEmpty()) {
                    continue;
                }
                forms++;
                ParsedClaim f = algebra.get().parseDerived(form.get());
                for (double[] pt : points) {
                    double cov = pt[2] * Math.sqrt(pt[0] * pt[1]);
                    Expectation e = GaussianExpectations.pair(of(a, 0.7), of(b, 0.3), pt[0], pt[1], cov);
                    double[] ve = f.form().evaluateWithError(values(f, pt, cov));
                    // both sides are closed forms in doubles: within the sum of the two rounding bounds
                    assertThat(Math.abs(ve[0] - e.value())).as(a + " x " + b + " at " + List.of(pt[0], pt[1], pt[2]))
                            .isLessThanOrEqualTo(ve[1] + e.errorBound());
                }
            }
        }
        assertThat(forms).isGreaterThanOrEqualTo(20);
    }

    @Test
    void aWrongFormIsCaught() {
        // the arc-cosine kernel with rho*arccos(rho) in place of rho*(pi - arccos(rho))
        ParsedClaim f = algebra.get().parseDerived("Sqrt(v1*v2)*(Sqrt(1-rho^2)+rho*ArcCos(rho))/(2*Pi)");
        double[] pt = {1, 1, 0.5};
        Expectation e = GaussianExpectations.pair(Activation.relu(), Activation.relu(), 1, 1, 0.5);
        double[] ve = f.form().evaluateWithError(values(f, pt, 0.5));
        assertThat(Math.abs(ve[0] - e.value())).isGreaterThan(ve[1] + e.errorBound());
    }

    private static double[] values(ParsedClaim f, double[] pt, double cov) {
        List<String> vars = f.form().variables();
        double[] x = new double[vars.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = switch (vars.get(i)) {
                case "v1" -> pt[0];
                case "v2" -> pt[1];
                case "rho" -> pt[2];
                case "c12" -> cov;
                case "p" -> 0.7;
                case "q" -> 0.3;
                default -> throw new IllegalStateException(vars.get(i));
            };
        }
        return x;
    }
}

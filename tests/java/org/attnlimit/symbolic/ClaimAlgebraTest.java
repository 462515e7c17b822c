package org.attnlimit.symbolic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Reading claims (plain and LaTeX, with the readers' pitfalls), compiling them, and their rounding bounds. */
class ClaimAlgebraTest {
    private static final Set<String> PARAMS = Set.of("c", "mu", "v", "rho", "v1", "v2", "c12", "a");
    @RegisterExtension
    static final OpenClaimAlgebra algebra = new OpenClaimAlgebra();

    @Test
    void plainAndLatexReadTheSame() {
        ParsedClaim plain = algebra.get().parse("2*Phi(c)-1-2*c*phi(c)+2*c^2*(1-Phi(c))", PARAMS);
        ParsedClaim tex = algebra.get().parse("2\\Phi(c)-1-2c\\varphi(c)+2c^2(1-\\Phi(c))", PARAMS);
        assertThat(tex.symja()).isEqualTo(plain.symja()).contains("ncdf(c)", "npdf(c)");
        assertThat(tex.latexInput()).isTrue();
        assertThat(plain.symbols()).containsExactly("c");
        // Phi and phi are different functions although Symja's relaxed parser ignores case
        assertThat(algebra.get().parse("Phi(c) - phi(c)", PARAMS).symja()).contains("ncdf", "npdf");
    }

    @Test
    void latexPitfallsAreRepaired() {
        // \rho(…) is a product, subscripts become v1, v2, c12, \! and \left \right are dropped
        ParsedClaim k = algebra.get().parse("\\frac{\\sqrt{v_1 v_2}}{2\\pi}\\left(\\sqrt{1-\\rho^2}+\\rho(\\pi-\\arccos\\rho)\\right)", PARAMS);
        assertThat(k.symbols()).containsExactlyInAnyOrder("rho", "v1", "v2");
        assertThat(k.form().evaluate(values(k, Map.of("rho", 0.3, "v1", 1.0, "v2", 1.0))))
                .isCloseTo((Math.sqrt(1 - 0.09) + 0.3 * (Math.PI - Math.acos(0.3))) / (2 * Math.PI), within(1e-15));
        ParsedClaim stein = algebra.get().parse("c_{12}\\left(2\\Phi\\!\\left(\\frac{c}{\\sqrt{v_2}}\\right)-1\\right)", PARAMS);
        assertThat(stein.symbols()).containsExactlyInAnyOrder("c", "c12", "v2");
        assertThat(algebra.get().parse("2c(1-c)", PARAMS).symja()).doesNotContain("c(");
    }

    @Test
    void scientificNotationIsANumberNotEulersE() {
        ParsedClaim p = algebra.get().parse("1e-9*c^8", PARAMS);
        assertThat(p.symbols()).containsExactly("c");
        assertThat(p.form().evaluate(new double[] {2})).isCloseTo(256e-9, within(1e-22));
        assertThat(p.rounded()).isTrue();
    }

    @Test
    void literalsStandForHalfAUnitInTheirLastPlace() {
        ParsedClaim p = algebra.get().parse("-0.06876581", PARAMS);
        // (ℓ + δ) − ℓ in doubles is δ to within ulp(ℓ) ≈ 1.4e-17
        assertThat(p.form().literalRounding(new double[0])).isCloseTo(5e-9, within(2e-17));
        ParsedClaim q = algebra.get().parse("0.25*c", PARAMS);
        assertThat(q.form().literalRounding(new double[] {2})).isCloseTo(2 * 0.005, within(1e-15));
        assertThat(algebra.get().parse("c/4", PARAMS).form().literalRounding(new double[] {2})).isZero();
    }

    @Test
    void theRoundingBoundCoversTheActualError() {
        // 1 - (1 - x) cancels: computed in doubles it is off by ~1e-17·(1/x) relative; the exact value is x.
        ParsedClaim p = algebra.get().parse("(1-(1-c))/c", PARAMS);
        for (double c : new double[] {1e-3, 1e-7, 1e-11, 3.3e-5}) {
            double[] ve = p.form().evaluateWithError(new double[] {c});
            double exact = 1;
            assertThat(Math.abs(ve[0] - exact)).as("c = " + c).isLessThanOrEqualTo(ve[1]);
        }
        // and against 50-digit arithmetic for a typical closed form
        ParsedClaim q = algebra.get().parse("sqrt(1-rho^2) + rho*(pi - arccos(rho))", PARAMS);
        double rho = 0.999999;
        double[] ve = q.form().evaluateWithError(new double[] {rho});
        BigDecimal r = new BigDecimal(rho);
        double root = BigDecimal.ONE.subtract(r.multiply(r)).sqrt(new MathContext(50)).doubleValue();
        double exact = root + rho * (Math.PI - Math.acos(rho));   // acos, π: correctly rounded to 1 ulp
        assertThat(Math.abs(ve[0] - exact)).isLessThanOrEqualTo(ve[1] + 4 * Math.ulp(exact));
    }

    @Test
    void badClaimsAreRejectedWithTheReason() {
        assertThatThrownBy(() -> algebra.get().parse("2*Phi(c", PARAMS)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unclosed '('");
        assertThatThrownBy(() -> algebra.get().parse("2*Phi(c)+", PARAMS)).hasMessageContaining("does not parse");
        assertThatThrownBy(() -> algebra.get().parse("\\frac{1}", PARAMS)).hasMessageContaining("does not parse as LaTeX");
        assertThatThrownBy(() -> algebra.get().parse("f(c)", PARAMS)).hasMessageContaining("unknown function 'f'");
        assertThatThrownBy(() -> algebra.get().parse("Quit()", PARAMS)).hasMessageContaining("unknown function");
        assertThatThrownBy(() -> algebra.get().parse("x = 3", PARAMS)).hasMessageContaining("not a formula");
        assertThatThrownBy(() -> algebra.get().parse("Phi", PARAMS)).hasMessageContaining("needs an argument");
    }

    @Test
    void comparisonFindsIdentitiesAndDifferences() {
        ParsedClaim claim = algebra.get().parse("1 - 2*(1-c^2)*(1-Phi(c)) - 2*c*phi(c)", PARAMS);
        assertThat(algebra.get().compare(claim, "2*ncdf(c)-1-2*c*npdf(c)+2*c^2*(1-ncdf(c))", Map.of(), Map.of()).identity())
                .isEqualTo(ClaimAlgebra.Identity.IDENTICAL);
        ClaimAlgebra.Comparison wrong = algebra.get().compare(algebra.get().parse("2*Phi(c)-1", PARAMS),
                "2*ncdf(c)-1-2*c*npdf(c)+2*c^2*(1-ncdf(c))", Map.of(), Map.of());
        assertThat(wrong.identity()).isEqualTo(ClaimAlgebra.Identity.DIFFERENT);
        assertThat(wrong.difference()).contains("φ(c)");
        // substitutions: c12 → rho·√(v1 v2); fixed values
        assertThat(algebra.get().compare(algebra.get().parse("c12/2", PARAMS), "rho*Sqrt(v1*v2)/2", Map.of(),
                Map.of("c12", "rho*Sqrt(v1*v2)")).identity()).isEqualTo(ClaimAlgebra.Identity.IDENTICAL);
        assertThat(algebra.get().compare(algebra.get().parse("Phi(c)", PARAMS), "ncdf((c-mu)/Sqrt(v))", Map.of("mu", 0.0, "v", 1.0),
                Map.of()).identity()).isEqualTo(ClaimAlgebra.Identity.IDENTICAL);
    }

    @Test
    void postfixRoundTrips() {
        ParsedClaim p = algebra.get().parse("sqrt(v1*v2)*(sqrt(1-rho^2)+rho*(pi-arccos(rho)))/(2*pi) + 0.125*erf(v1) - max(v1, v2)", PARAMS);
        CompiledForm back = CompiledForm.parse(p.form().toPostfix(), p.form().variables());
        double[] x = {0.4, 1.3, 0.7};
        assertThat(back.evaluate(x)).isEqualTo(p.form().evaluate(x));
        assertThat(back.literalRounding(x)).isEqualTo(p.form().literalRounding(x));
    }

    private static double[] values(ParsedClaim p, Map<String, Double> at) {
        List<String> vars = p.form().variables();
        double[] x = new double[vars.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = at.get(vars.get(i));
        }
        return x;
    }
}

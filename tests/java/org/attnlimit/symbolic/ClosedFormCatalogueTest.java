package org.attnlimit.symbolic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.StringReader;
import java.time.Duration;
import org.attnlimit.calculus.Activation;
import org.attnlimit.calculus.ClosedForm;
import org.attnlimit.calculus.ClosedFormProvider;
import org.attnlimit.calculus.Expectation;
import org.attnlimit.calculus.GaussianExpectations;
import org.junit.jupiter.api.Test;

/**
 * The shipped catalogue of derived forms is what Symja derives today (re-derived in full: ~25 s), its
 * compiled trees agree with the numeric fast path, and expect's catalogue answers equal Symja's.
 */
class ClosedFormCatalogueTest {

    @Test
    void theShippedCatalogueIsWhatSymjaDerives() throws Exception {
        ClosedFormCatalogue fresh = ClosedFormCatalogue.read(new BufferedReader(new StringReader(
                ClosedFormCatalogue.derive(Duration.ofSeconds(60)))));
        ClosedFormCatalogue shipped = ClosedFormCatalogue.shared();
        int entries = 0;
        for (Activation.Kind kind : ClosedFormCatalogue.KINDS) {
            for (int k = 1; k <= ClosedFormCatalogue.MAX_MOMENT; k++) {
                ClosedFormCatalogue.Entry a = fresh.entry(kind, k).orElseThrow();
                String missing = "catalogue lacks " + kind + " k=" + k + ": regenerate it (see ClosedFormCatalogue)";
                ClosedFormCatalogue.Entry b = shipped.entry(kind, k).orElseThrow(() -> new AssertionError(missing));
                String what = kind + " k=" + k + " (regenerate the catalogue if the derivation changed on purpose)";
                assertThat(b.formula()).as(what).isEqualTo(a.formula());
                assertThat(b.latex()).as(what).isEqualTo(a.latex());
                assertThat(b.generalLatex()).as(what).isEqualTo(a.generalLatex());
                assertThat(b.general()).as(what).isEqualTo(a.general());
                assertThat(b.formulaForm().toPostfix()).as(what).isEqualTo(a.formulaForm().toPostfix());
                assertThat(b.generalForm().toPostfix()).as(what).isEqualTo(a.generalForm().toPostfix());
                entries++;
            }
        }
        assertThat(entries).isEqualTo(20);
    }

    @Test
    void compiledFormsAgreeWithTheNumericFastPath() {
        ClosedFormCatalogue cat = ClosedFormCatalogue.shared();
        double[][] points = {{0, 1, 1}, {0.3, 1.7, 0.8}, {-1.2, 0.05, 2.5}, {2, 4, 0.2}};
        for (Activation.Kind kind : ClosedFormCatalogue.KINDS) {
            for (int k = 1; k <= 4; k++) {
                ClosedFormCatalogue.Entry e = cat.entry(kind, k).orElseThrow();
                for (double[] p : points) {
                    double param = kind == Activation.Kind.LEAKY_RELU ? p[2] - 1 : p[2];
                    Activation phi = kind.parameterName() == null ? new Activation(kind, Double.NaN) : new Activation(kind, param);
                    Expectation truth = GaussianExpectations.moment(phi, k, p[0], p[1]);
                    double[] x = new double[e.generalForm().variables().size()];
                    for (int i = 0; i < x.length; i++) {
                        String v = e.generalForm().variables().get(i);
                        x[i] = v.equals("mu") ? p[0] : v.equals("v") ? p[1] : param;
                    }
                    double[] ve = e.generalForm().evaluateWithError(x);
                    // both are closed forms in doubles: they agree within the two rounding bounds
                    assertThat(ve[0]).as(kind + " k=" + k).isCloseTo(truth.value(), within(ve[1] + truth.errorBound()));
                }
            }
        }
    }

    @Test
    void expectsCatalogueAnswerIsSymjasAnswer() {
        Activation clip = Activation.clip(1.3);
        ClosedFormProvider.Outcome fromCatalogue = ClosedFormCatalogue.shared().moment(clip, 2, 0, 1);
        try (SymjaClosedForms symja = SymjaClosedForms.uncached(Duration.ofSeconds(60))) {
            ClosedForm derived = symja.moment(clip, 2, 0, 1).closedForm();
            ClosedForm shipped = fromCatalogue.closedForm();
            assertThat(shipped.text()).isEqualTo(derived.text());
            assertThat(shipped.latex()).isEqualTo(derived.latex());
            assertThat(shipped.generalLatex()).isEqualTo(derived.generalLatex());
            // Symja's N() and the compiled tree: both doubles, a few ulps apart
            assertThat(shipped.value()).isCloseTo(derived.value(), within(1e-14));
        }
        assertThat(ClosedFormCatalogue.shared().covers(clip, 2, 0.5, 1)).isFalse();
        assertThat(ClosedFormCatalogue.shared().moment(clip, 2, 0.5, 1).attempted()).isFalse();
    }
}

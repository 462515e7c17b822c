package org.attnlimit.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.attnlimit.calculus.Activation;
import org.attnlimit.calculus.ClosedFormProvider;
import org.attnlimit.calculus.Expectation;
import org.attnlimit.calculus.GaussianExpectations;
import org.attnlimit.calculus.TieredExpectations;
import org.attnlimit.limit.AttentionLimit;
import org.attnlimit.limit.AttentionSetup;
import org.attnlimit.program.CovarianceEntry;
import org.attnlimit.program.Program;
import org.attnlimit.program.ProgramLimit;

/**
 * The paper's quantities as LaTeX tables: Gaussian moments of the activations (Appendix B.1, B.3.2), the
 * covariance table of one attention head (Definition 3.1 (A), (B)), and the moments of the limit law of
 * multi-head attention (Example 3.1, Remarks 3.1–3.2).
 */
public final class LatexTables {
    private LatexTables() {
    }

    /**
     * Closed forms the numeric tier does not print (Appendix B.1, B.3.2), for {@code Z ~ N(0,1)}: the fallback when
     * no computer algebra is used; the tests check each against {@link GaussianExpectations}.
     */
    static String knownClosedForm(Activation phi, int k) {
        switch (phi.kind()) {
            case CLIP:
                String c = Activation.formatNumber(phi.parameter());
                return k == 1 ? "0" : k == 2 ? "2\\Phi(" + c + ")-1-2\\cdot" + c + "\\,\\varphi(" + c + ")+2\\cdot" + c
                        + "^2(1-\\Phi(" + c + "))" : null;
            case RELU:
                return k == 1 ? "\\frac{1}{\\sqrt{2\\pi}}" : k == 2 ? "\\frac12" : null;
            case TANH:
                return k == 1 ? "0" : null;
            default:
                return null;
        }
    }

    /**
     * @param provider the symbolic tier (e.g. Symja), or {@code null} for numbers with the textbook forms
     * @return {@code E[φ(Z)^k]}, {@code Z ~ N(0,1)}, {@code k = 1, 2, 4}, for clip, ReLU, tanh and erf, by the
     *     three tiers of {@link TieredExpectations}
     */
    public static Table activationMoments(ClosedFormProvider provider) {
        List<List<String>> rows = new ArrayList<>();
        for (Activation phi : new Activation[] {Activation.clip(0.5), Activation.clip(1), Activation.clip(2),
            Activation.relu(), Activation.parse("tanh"), Activation.parse("erf")}) {
            for (int k : new int[] {1, 2, 4}) {
                Expectation e = TieredExpectations.moment(provider, phi, k, 0, 1).expectation();
                String form = e.latex() != null ? e.latex() : knownClosedForm(phi, k);
                rows.add(List.of("$" + phi.latexName() + "$", Integer.toString(k),
                        form == null ? "--" : "$" + form + "$", Latex.number(e.value(), 8), e.method().label(),
                        Latex.number(e.errorBound(), 2)));
            }
        }
        return new Table("Gaussian moments E[phi(Z)^k], Z ~ N(0,1) (Appendix B.1; Definition 3.1 (A))",
                List.of("$\\phi$", "$k$", "closed form", "value", "method", "error bound"), rows, true);
    }

    /** @return the method without its parenthesised detail, e.g. "randomised quasi-Monte Carlo" */
    static String shortMethod(String method) {
        int paren = method.indexOf('(');
        return (paren < 0 ? method : method.substring(0, paren)).replace("^", " to the ").trim();
    }

    /** One head of Example 3.1, {@code s = 2}, inputs {@code x_j = clip_1(W_j h)} (Appendix B.1). */
    public static Program attentionHead() {
        Activation clip = Activation.clip(1);
        return Program.builder().input("h", 0, 1).matrix("W1", 1).matrix("W2", 1)
                .matMul("h1", "W1", "h").matMul("h2", "W2", "h")
                .nonlin("x1", clip, "h1").nonlin("x2", clip, "h2")
                .matrix("WQ", 1).matrix("WK", 1).matrix("WV", 1).matrix("WO", 1)
                .matMul("q1", "WQ", "x1").matMul("q2", "WQ", "x2").matMul("k1", "WK", "x1").matMul("k2", "WK", "x2")
                .matMul("v1", "WV", "x1").matMul("v2", "WV", "x2").matMul("u1", "WO", "v1").matMul("u2", "WO", "v2")
                .score("p11", "q1", "k1").score("p12", "q1", "k2").score("p21", "q2", "k1").score("p22", "q2", "k2")
                .build();
    }

    /** @return the covariance table of {@link #attentionHead()} from {@link ProgramLimit#table()} */
    public static Table headCovariance() {
        List<List<String>> rows = new ArrayList<>();
        for (CovarianceEntry e : ProgramLimit.of(attentionHead()).table()) {
            rows.add(List.of("$" + e.quantity() + "$", "$" + e.formula() + "$", Latex.number(e.value(), 8),
                    e.closedForm() == null ? "" : "$" + e.closedForm() + "$", Latex.escapeText(e.method())));
        }
        return new Table("Infinite-width covariances of one attention head, s = 2, clip_1 inputs (Definition 3.1 (A), (B))",
                List.of("quantity", "formula", "value", "closed form", "method"), rows, true);
    }

    /**
     * @return the moments of the limit law for {@code s ∈ {2, 4, 10}}, {@code H ∈ {1, 2, 4, 16, ∞}}
     *     ({@code ∞}: the infinite-head Gaussian, variance {@code E[V]}, excess kurtosis 0)
     */
    public static Table limitMoments(int[] tokens) {
        List<List<String>> rows = new ArrayList<>();
        Activation clip = Activation.clip(1);
        for (int s : tokens) {
            for (int h : new int[] {1, 2, 4, 16}) {
                AttentionLimit law = AttentionLimit.of(AttentionSetup.paper(clip, s, h));
                rows.add(List.of(Integer.toString(s), Integer.toString(h), Latex.number(law.variance(), 6),
                        Latex.number(law.fourthMoment(), 6), Latex.number(law.excessKurtosis(), 4),
                        Latex.number(law.scoreVariance(), 6), Latex.escapeText(shortMethod(law.method()))));
            }
            AttentionLimit one = AttentionLimit.of(AttentionSetup.paper(clip, s, 1));
            double v = one.infiniteHeadVariance();
            rows.add(List.of(Integer.toString(s), "$\\infty$", Latex.number(v, 6), Latex.number(3 * v * v, 6), "0",
                    Latex.number(one.scoreVariance(), 6), "Gaussian (Remark 3.2)"));
        }
        return new Table(String.format(Locale.ROOT,
                "Limit law of one output coordinate of multi-head attention, clip_1 inputs, all sigma = 1 (Example 3.1)"),
                List.of("$s$", "$H$", "$\\operatorname{Var}=\\mathbb E[V]$", "$\\mathbb E[y^4]=3\\mathbb E[V^2]$",
                    "excess kurtosis", "$\\operatorname{Var}\\mathring p_{11}$", "method"), rows, true);
    }
}

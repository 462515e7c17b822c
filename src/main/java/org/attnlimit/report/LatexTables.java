package org.attnlimit.report;

import java.util.ArrayList;
import java.util.List;
import org.attnlimit.calculus.Activation;
import org.attnlimit.calculus.ClosedFormProvider;
import org.attnlimit.calculus.Expectation;
import org.attnlimit.calculus.GaussianExpectations;
import org.attnlimit.calculus.TieredExpectations;
import org.attnlimit.experiment.LimitMoments;
import org.attnlimit.program.CovarianceEntry;
import org.attnlimit.program.Program;

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
     *     three tiers of {@link TieredExpectations}; values rounded to what their error bound supports (at most
     *     ten significant digits)
     */
    public static LatexTable activationMoments(ClosedFormProvider provider) {
        LatexTable.Builder t = LatexTable.builder("Gaussian moments $\\mathbb{E}[\\phi(Z)^k]$, $Z\\sim\\mathcal{N}(0,1)$ "
                + "(Appendix B.1; Definition 3.1 (A)).", "tab:activation-moments")
                .math("$\\phi$").number("$k$").math("closed form").number("value").text("method").number("error bound");
        Abbreviations abbreviations = new Abbreviations("\\kappa");
        boolean first = true;
        for (Activation phi : new Activation[] {Activation.clip(0.5), Activation.clip(1), Activation.clip(2),
            Activation.relu(), Activation.parse("tanh"), Activation.parse("erf")}) {
            if (!first) {
                t.rule();
            }
            first = false;
            for (int k : new int[] {1, 2, 4}) {
                Expectation e = TieredExpectations.moment(provider, phi, k, 0, 1).expectation();
                String form = e.latex() != null ? e.latex() : knownClosedForm(phi, k);
                String name = phi.kind() == Activation.Kind.CLIP
                        ? "\\operatorname{clip}_{c},\\ c=" + Activation.formatNumber(phi.parameter()) : phi.latexName();
                t.row(k == 1 ? name : "{}", Integer.toString(k),
                        form == null ? "" : abbreviations.shorten(form.replace("  ", " ")),
                        Latex.rounded(e.value(), e.errorBound(), 10), e.method().label(),
                        Latex.decimal(e.errorBound(), 2));
            }
        }
        abbreviations.notes().forEach(t::note);
        t.note("Error bound: a proven bound on $|\\text{value}-\\mathbb{E}[\\phi(Z)^k]|$ (rounding for closed forms"
                + " and identities, the quadrature's bound otherwise); -- : no closed form.");
        return t.build();
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

    /**
     * @param entries the covariances of {@link #attentionHead()} ({@code ProgramLimit.of(attentionHead(), provider).table()},
     *     computed by the caller)
     * @return their table; a closed form
     *     used in several rows is named {@code \kappa_i} in the legend
     */
    public static LatexTable headCovariance(List<CovarianceEntry> entries) {
        LatexTable.Builder t = LatexTable.builder("Infinite-width covariances of one attention head, $s=2$, "
                + "$\\operatorname{clip}_1$ inputs, all $\\sigma=1$ (Definition 3.1 (A), (B)).", "tab:head-covariance")
                .math("quantity").math("formula").number("value").math("closed form").text("method").size("\\footnotesize");
        Abbreviations abbreviations = new Abbreviations("\\kappa");
        String kind = null;
        for (CovarianceEntry e : entries) {
            String k = e.kind().equals("input-mean") ? "input" : e.kind().equals("mean") ? "nonlin" : e.kind();
            if (kind != null && !k.equals(kind)) {
                t.rule();
            }
            kind = k;
            t.row(e.quantity(), e.formula(), Latex.rounded(e.value(), e.errorBound(), 10),
                    ProgramReport.closedForm(e, abbreviations), methodLabel(e.method()));
        }
        abbreviations.notes().forEach(t::note);
        t.note("$\\sigma_{W}^2=1$ for every matrix; $C(a,b)=\\operatorname{Cov}(Z^{a},Z^{b})$; "
                + "covariances of outputs of different matrices are 0 and not listed.");
        return t.build();
    }

    /** Names long closed forms that repeat, {@code \kappa_1, \kappa_2, …}, to keep the table narrow. */
    static final class Abbreviations {
        private final String symbol;
        private final java.util.Map<String, String> names = new java.util.LinkedHashMap<>();

        Abbreviations(String symbol) {
            this.symbol = symbol;
        }

        /** @return {@code latex} with known long forms replaced by their names; a new long form gets a name */
        String shorten(String latex) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\\\quad\\((\\w) = ([-0-9.]+)\\)").matcher(latex);
            String parameter = m.find() ? m.group(1) + "=" + m.group(2) : "";
            String body = m.replaceAll("").replace("\\,", "").strip();
            for (java.util.Map.Entry<String, String> e : names.entrySet()) {
                body = body.replace(e.getKey(), e.getValue());
            }
            // a named form in parentheses needs none: \left(\kappa_{1}\right)^2 is \kappa_{1}^2
            body = body.replaceAll("\\\\left\\((\\\\kappa_\\{\\d+\\})\\\\right\\)", "$1");
            if (body.length() > 24) {
                String name = symbol + "_{" + (names.size() + 1) + "}";
                names.put(body, name);
                body = name;
            }
            return parameter.isEmpty() || body.matches("[-0-9./]+") ? body : body + ",\\ " + parameter;
        }

        /** @return one legend line per name */
        List<String> notes() {
            List<String> out = new ArrayList<>();
            names.forEach((form, name) -> out.add("$" + name + " = " + form + "$ (derived by Symja)."));
            return out;
        }
    }

    /** @return a method label for the table: the tier of the calculus, or how the entry follows */
    static String methodLabel(String method) {
        String m = method.replace("calculus:", "");
        if (m.startsWith("independent")) {
            return "independence";
        }
        if (m.startsWith("conjecture")) {
            return "conjecture (RQMC)";   // the full method is in the text and JSON outputs; the note names it
        }
        return switch (m) {
            case "isserlis" -> "Isserlis";
            case "given" -> "given";
            default -> Latex.escapeText(m);
        };
    }

    /**
     * @param phi the inputs' activation ({@code x_j = φ(W_j h)}, Appendix B.1)
     * @param rows the moments, computed by {@code experiment.LimitMoments}
     * @return the moments of the limit law per s and H ({@code ∞}: the infinite-head Gaussian, variance
     *     {@code E[V]}, excess kurtosis 0), rounded to the relative error estimate of the quadrature
     */
    public static LatexTable limitMoments(Activation phi, List<LimitMoments.Row> rows) {
        String inputs = phi.kind() == Activation.Kind.CLIP
                ? "\\operatorname{clip}_" + brace(Activation.formatNumber(phi.parameter())) : phi.latexName();
        LatexTable.Builder t = LatexTable.builder("Limit law of one output coordinate of multi-head attention, "
                + "$" + inputs + "$ inputs, all $\\sigma=1$ (Example 3.1; Remarks 3.1--3.2).", "tab:limit-moments")
                .number("$s$").math("$H$").number("$\\operatorname{Var} y=\\mathbb{E}[V]$")
                .number("$\\mathbb{E}[y^4]=3\\mathbb{E}[V^2]$").number("excess kurtosis")
                .number("$\\operatorname{Var}\\mathring{p}_{11}$").text("method");
        java.util.Map<String, String> methods = new java.util.LinkedHashMap<>();
        Integer tokens = null;
        for (LimitMoments.Row r : rows) {
            if (tokens != null && r.tokens() != tokens) {
                t.rule();
            }
            tokens = r.tokens();
            String method = methods.computeIfAbsent(r.method(), x -> "(" + (char) ('a' + methods.size()) + ")");
            t.row(Integer.toString(r.tokens()), r.infiniteHeads() ? "\\infty" : Integer.toString(r.heads()),
                    Latex.rounded(r.variance(), r.varianceError(), 8), Latex.rounded(r.fourthMoment(), r.fourthMomentError(), 8),
                    r.infiniteHeads() ? "0" : Latex.rounded(r.excessKurtosis(), r.excessKurtosisError(), 8),
                    Latex.decimal(r.scoreVariance(), 8), method);
        }
        StringBuilder legend = new StringBuilder("Method: ");
        methods.forEach((m, code) -> legend.append(code).append(' ').append(AsciiMath.toLatex(m)).append("; "));
        t.note(legend.substring(0, legend.length() - 2) + ". Digits shown are those the quadrature's error estimate supports.");
        return t.build();
    }

    /** @return a one-character subscript as is, a longer one in braces */
    private static String brace(String sub) {
        return sub.length() == 1 ? sub : "{" + sub + "}";
    }
}

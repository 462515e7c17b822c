package org.attnlimit.symbolic;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.attnlimit.calculus.Activation;
import org.attnlimit.calculus.ClosedForm;
import org.attnlimit.calculus.ClosedFormProvider;

/**
 * Closed forms of {@code E[φ(Z)^k]}, {@code Z ~ N(μ, v)}, derived by Symja at run time for the
 * piecewise-linear activations (identity, clip, ReLU, step, leaky-ReLU).
 *
 * <p>Derivation: with {@code Z = μ + σX}, each piece {@code lo < Z < hi} on which
 * {@code φ(Z) = A + Bσ X} contributes {@code Σ_j C(k,j) A^{k−j} (Bσ)^j M_j(α, β)}, where
 * {@code α = (lo − μ)/σ}, {@code β = (hi − μ)/σ} and {@code M_j(α, β) = ∫_α^β x^j φ(x) dx} is integrated
 * by Symja between symbolic limits (one integral per power and limit type, cached in the JVM, since
 * Symja integrates {@code Max}, {@code Piecewise} or {@code UnitStep} against the density not at all
 * and polynomials with symbolic coefficients only slowly). {@code Erfc} is rewritten as {@code 1 − Erf},
 * {@code Erf(z/√2)} as {@code 2Φ(z) − 1}, {@code e^{−z²/2}/√(2π)} as {@code φ(z)}. For μ = 0, v = 1,
 * clip and k = 2 the result is the formula of Appendix B.1: {@code E[clip_c(Z)²] = 2Φ(c) − 1 − 2cφ(c) + 2c²(1 − Φ(c))}.
 *
 * <p>Thread-safe: every evaluation runs on the worker's single Symja thread, with a timeout.
 */
public final class SymjaClosedForms implements ClosedFormProvider, AutoCloseable {
    /**
     * M_j between symbolic limits, already in Erf and npdf; key "j:lower:upper". The JVM-wide memos are
     * bounded (least recently used out): a long-lived JVM (a notebook kernel, a test run) asking for many
     * means and variances keeps a few hundred entries, not every answer ever derived.
     */
    private static final Map<String, String> SHARED_MONOMIALS = bounded(512);
    /** E[φ(Z)^k] in m (mean), s (standard deviation) and the activation parameter; key "kind:k". */
    private static final Map<String, String> SHARED_DERIVATIONS = bounded(128);
    /** The derivation at given (μ, v), simplified and rendered; key "kind:k:mean:var". */
    private static final Map<String, Rendered> SHARED_RENDERED = bounded(1024);

    /** @return a thread-safe map that keeps the {@code capacity} most recently used entries */
    static <K, V> Map<K, V> bounded(int capacity) {
        return java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<K, V>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        });
    }

    private final SymjaWorker worker;
    private final Duration timeout;
    private final Map<String, String> monomials;
    private final Map<String, String> derivations;
    private final Map<String, Rendered> rendered;

    private SymjaClosedForms(Duration timeout, boolean sharedCache) {
        this.worker = new SymjaWorker();
        this.timeout = timeout;
        this.monomials = sharedCache ? SHARED_MONOMIALS : new ConcurrentHashMap<>();
        this.derivations = sharedCache ? SHARED_DERIVATIONS : new ConcurrentHashMap<>();
        this.rendered = sharedCache ? SHARED_RENDERED : new ConcurrentHashMap<>();
    }

    /** @return a provider with its own Symja evaluator, the JVM-wide cache and a 30 s budget per evaluation */
    public static SymjaClosedForms create() {
        return new SymjaClosedForms(Duration.ofSeconds(30), true);
    }

    /** @return a provider with its own Symja evaluator, the JVM-wide cache and the given budget per evaluation */
    public static SymjaClosedForms withTimeout(Duration timeout) {
        return new SymjaClosedForms(timeout, true);
    }

    /** @return a provider with a cache of its own (every derivation starts cold), for tests and benchmarks */
    static SymjaClosedForms uncached(Duration timeout) {
        return new SymjaClosedForms(timeout, false);
    }

    /** Forgets every derivation in the JVM-wide cache (for measuring cold derivations). */
    public static void clearCache() {
        SHARED_MONOMIALS.clear();
        SHARED_DERIVATIONS.clear();
        SHARED_RENDERED.clear();
    }

    @Override
    public Outcome moment(Activation phi, int k, double mean, double var) {
        if (!phi.kind().piecewisePolynomial()) {
            return Outcome.notApplicable("no symbolic integral: " + phi.kind().label()
                    + " is not piecewise polynomial");
        }
        if (!(var > 0)) {
            return Outcome.notApplicable("variance 0: Z is the constant mean");
        }
        if (k < 1 || k > 4) {
            return Outcome.notApplicable("moment k must be between 1 and 4");
        }
        String key = phi.kind() + ":" + k + ":" + mean + ":" + var;
        Rendered r = rendered.get(key);
        if (r == null) {
            String general = derivation(phi.kind(), k);
            if (general.startsWith("!")) {
                return Outcome.failed(general.substring(1));
            }
            r = render(general, mean, var);
            if (r.failure() != null) {
                return Outcome.failed(r.failure());
            }
            rendered.put(key, r);
        }
        String param = phi.kind().parameterName() == null ? ""
                : " /. " + phi.kind().parameterName() + " -> " + Rendering.exact(phi.parameter());
        double value = worker.evalDouble("(" + r.formula() + ")" + param
                + " /. {ncdf(z_) :> (1+Erf(z/Sqrt(2)))/2, npdf(z_) :> Exp(-z^2/2)/Sqrt(2*Pi)}", timeout);
        if (!Double.isFinite(value)) {
            return Outcome.failed("the derived form did not evaluate to a number");
        }
        return Outcome.of(new ClosedForm(Rendering.text(r.formula()), r.latex(), r.generalLatex(), value));
    }

    /**
     * One entry of {@link ClosedFormCatalogue}, derived afresh: {formula at μ = 0, v = 1 (Symja text with
     * ncdf, npdf), its LaTeX, the LaTeX in μ and v, the general form in mu, v (Symja text)}; null on failure.
     */
    String[] catalogueEntry(Activation.Kind kind, int k) {
        String general = derivation(kind, k);
        if (general.startsWith("!")) {
            return null;
        }
        Rendered r = render(general, 0, 1);
        if (r.failure() != null) {
            return null;
        }
        SymjaWorker.Result symbols = worker.eval("(" + general + ") /. {m -> mu, s -> Sqrt(v)} /. Erf(z_) :> 2*ncdf(Sqrt(2)*z)-1",
                timeout);
        if (symbols.expr() == null) {
            return null;
        }
        return new String[] {r.formula(), r.latex(), r.generalLatex(), symbols.text().replaceAll("\\s*\\R\\s*", "")};
    }

    /** A derivation at given (μ, v): Symja's form, its LaTeX, the general LaTeX; or a failure. */
    private record Rendered(String formula, String latex, String generalLatex, String failure) {
    }

    /** Substitutes μ, σ = √v (exactly where possible), rewrites Erf with Φ, simplifies, renders. */
    private Rendered render(String general, double mean, double var) {
        String numbers = "{m -> " + Rendering.exact(mean) + ", s -> Sqrt(" + Rendering.exact(var) + ")}";
        String toPhi = " /. Erf(z_) :> 2*ncdf(Sqrt(2)*z)-1";
        SymjaWorker.Result substituted = worker.eval("((" + general + ") /. " + numbers + ")" + toPhi, timeout);
        if (substituted.expr() == null) {
            return new Rendered(null, null, null, substituted.failure());
        }
        String formula = shortest(substituted.text(), "Simplify", "Expand");
        SymjaWorker.Result tex = worker.eval("TeXForm(" + formula + ")", timeout);
        SymjaWorker.Result symbols = worker.eval("(" + general + ") /. {m -> mu, s -> Sqrt(v)}" + toPhi, timeout);
        SymjaWorker.Result generalTex = symbols.expr() == null ? symbols
                : worker.eval("TeXForm(" + shortest(symbols.text(), "Expand") + ")", timeout);
        return new Rendered(formula, tex.expr() == null ? null : Rendering.latex(tex.text()),
                generalTex.expr() == null ? null : Rendering.latex(generalTex.text()), null);
    }

    /**
     * The shortest of {@code expr} and its images under the given Symja functions: Simplify gives the
     * textbook form when centred, Expand collapses {@code ½(1 + (2Φ − 1))} otherwise. (Simplify is
     * skipped for the general form in μ and v, where it is slow and gains little.)
     */
    private String shortest(String expr, String... functions) {
        String best = expr;
        for (String f : functions) {
            SymjaWorker.Result r = worker.eval(f + "(" + expr + ")", timeout);
            if (r.expr() != null && r.text().length() < best.length()) {
                best = r.text();
            }
        }
        return best;
    }

    /** The cached general derivation, or "!reason" when Symja failed. */
    private String derivation(Activation.Kind kind, int k) {
        String key = kind + ":" + k;
        String cached = derivations.get(key);
        if (cached != null) {
            return cached;
        }
        StringBuilder sum = new StringBuilder("0");
        for (SymbolicPieces p : SymbolicPieces.of(kind)) {
            String a = "((" + p.intercept() + ")+(" + p.slope() + ")*m)";
            String b = "((" + p.slope() + ")*s)";
            String limits = " /. {xa -> ((" + p.lo() + ")-m)/s, xb -> ((" + p.hi() + ")-m)/s}";
            int maxJ = p.slope().equals("0") ? 0 : k;
            long binom = 1;
            for (int j = 0; j <= maxJ; j++) {
                String m = monomial(j, p.lowerInfinite(), p.upperInfinite());
                if (m.startsWith("!")) {
                    return m;
                }
                // Powers with exponent 0 are left out: Symja evaluates 0^0 to Indeterminate.
                sum.append("+").append(binom);
                if (k - j > 0) {
                    sum.append("*").append(a).append("^").append(k - j);
                }
                if (j > 0) {
                    sum.append("*").append(b).append("^").append(j);
                }
                sum.append("*((").append(m).append(")").append(limits).append(")");
                binom = binom * (k - j) / (j + 1);
            }
        }
        SymjaWorker.Result r = worker.eval(sum.toString(), timeout);
        if (r.expr() == null) {
            return "!" + r.failure();
        }
        derivations.put(key, r.text());
        return r.text();
    }

    /** M_j = ∫ x^j e^{−x²/2}/√(2π) dx between xa (or −∞) and xb (or +∞), by Symja, with Erfc and the density rewritten. */
    private String monomial(int j, boolean lowerInfinite, boolean upperInfinite) {
        String key = j + ":" + lowerInfinite + ":" + upperInfinite;
        String cached = monomials.get(key);
        if (cached != null) {
            return cached;
        }
        String lo = lowerInfinite ? "-Infinity" : "xa";
        String hi = upperInfinite ? "Infinity" : "xb";
        String input = "Expand(Integrate(x^" + j + "*Exp(-x^2/2)/Sqrt(2*Pi),{x," + lo + "," + hi + "})"
                + " /. Erfc(z_) :> 1-Erf(z)"
                + " /. Power(E, w_) :> Sqrt(2*Pi)*npdf(PowerExpand(Sqrt(-2*w))))";
        SymjaWorker.Result r = worker.eval(input, timeout);
        if (r.expr() == null) {
            return "!" + r.failure();
        }
        if (r.text().contains("E^") || r.text().contains("Erfc")) {
            return "!Symja's integral kept a form the rewriting does not cover: " + r.text();
        }
        monomials.put(key, r.text());
        return r.text();
    }

    /** Stops the Symja thread. */
    @Override
    public void close() {
        worker.close();
    }
}

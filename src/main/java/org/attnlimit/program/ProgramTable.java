package org.attnlimit.program;

import java.util.ArrayList;
import java.util.List;
import org.attnlimit.calculus.Activation;
import org.attnlimit.calculus.InvalidInputException;

/** Assembles the named entries of {@link ProgramLimit#table()} with their LaTeX. */
final class ProgramTable {
    private final ProgramLimit limit;
    private final Program program;
    /** Closed forms of {@code Cov(Z^a, Z^b)} of the Gaussian vectors listed so far, keyed by {@link #key}. */
    private final java.util.Map<String, String> gaussianForms = new java.util.HashMap<>();

    ProgramTable(ProgramLimit limit) {
        this.limit = limit;
        this.program = limit.program();
    }

    /**
     * Most pairs of Nonlin outputs whose moments {@code E[Z^a Z^b]} (Definition 3.1 (A)) the table lists: every pair of
     * score-independent Nonlin outputs is an entry, so {@code k} of them cost {@code k(k+1)/2} moments, each a
     * calculus or quadrature evaluation, and as many lines of output: 500 activations. Measured: 600 activations
     * of one vector (180 300 pairs) in 8 s of CPU and 0.8 GB, 300 (45 150 pairs) in 4 s; 3000 would be 4.5 million
     * pairs (minutes, and gigabytes of table).
     */
    static final long MAX_NONLIN_PAIRS = 125_250;

    List<CovarianceEntry> entries() {
        requireNonlinPairs(program);
        List<CovarianceEntry> out = new ArrayList<>();
        inputs(out);
        matmuls(out);
        nonlins(out);
        scores(out);
        return out;
    }

    private void inputs(List<CovarianceEntry> out) {
        for (Statement s : program.statements()) {
            if (s instanceof Statement.Input in) {
                List<String> n = in.names();
                for (int i = 0; i < n.size(); i++) {
                    double m = limit.mean(n.get(i));
                    if (m != 0) {
                        out.add(new CovarianceEntry("input-mean", n.get(i), n.get(i), "\\mathbb{E}[" + z(n.get(i)) + "]",
                                m, 0, "\\mu_{\\mathrm{in}}", null, "given"));
                    }
                    for (int j = 0; j <= i; j++) {
                        double c = limit.gCov(n.get(i), n.get(j));
                        if (c != 0 || i == j) {
                            String given = Activation.formatNumber(c);
                            gaussianForms.put(key(n.get(j), n.get(i)), given);
                            out.add(new CovarianceEntry("input", n.get(j), n.get(i), cov(n.get(j), n.get(i)), c, 0,
                                    "\\Sigma_{\\mathrm{in}}", given, "given"));
                        }
                    }
                }
            }
        }
    }

    private void matmuls(List<CovarianceEntry> out) {
        List<Statement.MatMul> seen = new ArrayList<>();
        for (Statement s : program.statements()) {
            if (s instanceof Statement.MatMul m) {
                seen.add(m);
                Statement.Matrix w = (Statement.Matrix) program.definition(m.matrix()).orElseThrow();
                for (Statement.MatMul o : seen) {
                    if (!o.matrix().equals(m.matrix())) {
                        continue;
                    }
                    ProgramMoments.Moment e = limit.secondMomentInternal(o.in(), m.in());
                    String sigma = w.variance() == 1 ? "" : Activation.formatNumber(w.variance()) + "\\,";
                    String formula = "\\sigma_{" + tex(m.matrix()) + "}^2\\,\\mathbb{E}[" + z(o.in()) + z(m.in()) + "]";
                    String inner = e.closedForm();
                    if (inner == null && limit.mean(o.in()) == 0 && limit.mean(m.in()) == 0) {
                        // E[Z^a Z^b] = Cov(Z^a, Z^b) for centred Gaussian inputs (earlier MatMul outputs, inputs)
                        inner = gaussianForms.get(key(o.in(), m.in()));
                    }
                    if (inner == null && e.value() == 0 && e.method().startsWith("independent")) {
                        inner = "0";
                    }
                    String closed = inner == null ? null
                            : sigma.isEmpty() || inner.equals("0") ? inner : sigma + "\\left(" + inner + "\\right)";
                    if (closed != null) {
                        gaussianForms.put(key(o.out(), m.out()), closed);
                    }
                    out.add(new CovarianceEntry("matmul", o.out(), m.out(), cov(o.out(), m.out()),
                            limit.gCov(o.out(), m.out()), w.variance() * e.error(), formula, closed, e.method()));
                }
            }
        }
    }

    /** Refuses, before any moment is computed, a table with more than {@link #MAX_NONLIN_PAIRS} Nonlin pairs. */
    static void requireNonlinPairs(Program program) {
        long k = program.statements().stream()
                .filter(s -> s instanceof Statement.Nonlin n && !program.isScoreDependent(n.out())).count();
        long pairs = k * (k + 1) / 2;
        if (pairs > MAX_NONLIN_PAIRS) {
            throw new InvalidInputException("the program has " + k + " Nonlin outputs that do not depend on the scores,"
                    + " so its covariance table would list " + pairs + " moments E[Z^a Z^b] (Definition 3.1 (A)); at most "
                    + MAX_NONLIN_PAIRS + " pairs are computed (about " + (long) Math.floor(Math.sqrt(2.0 * MAX_NONLIN_PAIRS))
                    + " such outputs): ask for the law of the output you need instead of the whole table, or combine"
                    + " the activations into fewer Nonlin statements");
        }
    }

    private void nonlins(List<CovarianceEntry> out) {
        List<String> seen = new ArrayList<>();
        for (Statement s : program.statements()) {
            if (s instanceof Statement.Nonlin n && !program.isScoreDependent(n.out())) {
                seen.add(n.out());
                ProgramMoments.Moment m = limit.meanMoment(n.out());
                out.add(new CovarianceEntry("mean", n.out(), n.out(), "\\mathbb{E}[" + z(n.out()) + "]", m.value(),
                        m.error(), "\\mathbb{E}[" + exprTex(n.expr()) + "]", m.closedForm(), m.method()));
                for (String o : seen) {
                    ProgramMoments.Moment e = limit.secondMomentInternal(o, n.out());
                    out.add(new CovarianceEntry("nonlin", o, n.out(), "\\mathbb{E}[" + z(o) + z(n.out()) + "]",
                            e.value(), e.error(), "\\mathbb{E}[" + z(o) + z(n.out()) + "]", e.closedForm(), e.method()));
                }
            }
        }
    }

    private void scores(List<CovarianceEntry> out) {
        List<String> names = program.scores();
        double[][] c = limit.scoreCovariance();
        for (int k = 0; k < names.size(); k++) {
            Statement.Score sk = (Statement.Score) program.definition(names.get(k)).orElseThrow();
            for (int l = 0; l <= k; l++) {
                Statement.Score sl = (Statement.Score) program.definition(names.get(l)).orElseThrow();
                if (c[k][l] == 0 && k != l) {
                    continue;
                }
                String formula;
                if (sk.scaling() == Scaling.LINEAR || sl.scaling() == Scaling.LINEAR) {
                    formula = "0\\ (1/n\\text{ scaling})";
                } else {
                    formula = cc(sl.query(), sk.query()) + cc(sl.key(), sk.key()) + " + "
                            + cc(sl.query(), sk.key()) + cc(sl.key(), sk.query());
                }
                double err = scoreError(sk, sl);
                String closed = sk.scaling() == Scaling.LINEAR || sl.scaling() == Scaling.LINEAR ? "0"
                        : isserlisForm(sl.query(), sk.query(), sl.key(), sk.key(), sl.query(), sk.key(), sl.key(), sk.query());
                out.add(new CovarianceEntry("score", names.get(l), names.get(k),
                        "\\operatorname{Cov}(\\mathring{" + tex(names.get(l)) + "}, \\mathring{" + tex(names.get(k)) + "})",
                        c[k][l], err, formula, closed, "isserlis"));
            }
        }
    }

    private static String key(String a, String b) {
        return a.compareTo(b) <= 0 ? a + "\u0000" + b : b + "\u0000" + a;
    }

    /**
     * The closed form of {@code C(a,b)C(c,d) + C(e,f)C(g,h)} (Definition 3.1 (B)) from the closed forms of the
     * covariances, or {@code null} when one is missing; a factor is exactly 0 when the two vectors come from
     * different matrices (no entry, covariance 0). A parameter suffix such as {@code \quad(c = 1)} shared by the
     * factors is written once.
     */
    private String isserlisForm(String a, String b, String c, String d, String e, String f, String g, String h) {
        String[] factors = {form(a, b), form(c, d), form(e, f), form(g, h)};
        String suffix = null;
        for (int i = 0; i < 4; i++) {
            if (factors[i] == null) {
                return null;
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\\\quad\\(.*\\)$").matcher(factors[i]);
            if (m.find()) {
                if (suffix != null && !suffix.equals(m.group())) {
                    return null;
                }
                suffix = m.group();
                factors[i] = factors[i].substring(0, m.start()).strip();
            }
        }
        List<String> terms = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            String x = factors[2 * t];
            String y = factors[2 * t + 1];
            if (x.equals("0") || y.equals("0")) {
                continue;
            }
            terms.add(x.equals(y) ? paren(x) + "^2" : x.equals("1") ? y : y.equals("1") ? x : paren(x) + paren(y));
        }
        String sum = terms.isEmpty() ? "0" : terms.size() == 2 && terms.get(0).equals(terms.get(1))
                ? "2" + terms.get(0) : String.join(" + ", terms);
        return suffix == null || sum.equals("0") ? sum : sum + suffix;
    }

    private String form(String a, String b) {
        String f = gaussianForms.get(key(a, b));
        return f != null ? f : limit.gCov(a, b) == 0 ? "0" : null;
    }

    private static String paren(String x) {
        return x.matches("[-0-9.]+|\\\\kappa_\\{\\d+\\}|\\w") ? x : "\\left(" + x + "\\right)";
    }

    /** |xy − x'y'| ≤ |x|e_y + |y|e_x + e_x e_y for each Isserlis product. */
    private double scoreError(Statement.Score k, Statement.Score l) {
        if (k.scaling() == Scaling.LINEAR || l.scaling() == Scaling.LINEAR) {
            return 0;
        }
        return productError(k.query(), l.query(), k.key(), l.key()) + productError(k.query(), l.key(), k.key(), l.query());
    }

    private double productError(String a, String b, String c, String d) {
        double x = Math.abs(limit.gCov(a, b));
        double y = Math.abs(limit.gCov(c, d));
        double ex = limit.gCovError(a, b);
        double ey = limit.gCovError(c, d);
        return x * ey + y * ex + ex * ey;
    }

    private static String cc(String a, String b) {
        return "C(" + tex(a) + "," + tex(b) + ")";
    }

    private static String cov(String a, String b) {
        return "\\operatorname{Cov}(" + z(a) + ", " + z(b) + ")";
    }

    static String z(String v) {
        return "Z^{" + tex(v) + "}";
    }

    private static String exprTex(Expr e) {
        if (e instanceof Expr.Ref r) {
            return z(r.name());
        } else if (e instanceof Expr.Apply a) {
            return a.phi().latexName() + "(" + exprTex(a.arg()) + ")";
        } else if (e instanceof Expr.Prod p) {
            return String.join("\\,", p.factors().stream().map(ProgramTable::exprTex).toList());
        } else if (e instanceof Expr.Sum s) {
            return String.join(" + ", s.terms().stream().map(ProgramTable::exprTex).toList());
        } else if (e instanceof Expr.Const c) {
            return Activation.formatNumber(c.value());
        }
        return "\\mathrm{" + e.toString().replace("_", "\\_") + "}";
    }

    /** {@code q12} → {@code q_{12}}, {@code W_Q} → {@code W_{Q}}; multi-letter stems in \mathrm. */
    static String tex(String name) {
        String stem = name;
        String sub = "";
        int u = name.indexOf('_');
        if (u > 0) {
            stem = name.substring(0, u);
            sub = name.substring(u + 1).replace("_", ",");
        } else {
            int i = name.length();
            while (i > 1 && Character.isDigit(name.charAt(i - 1))) {
                i--;
            }
            stem = name.substring(0, i);
            sub = name.substring(i);
        }
        int d = stem.length();
        while (d > 1 && Character.isDigit(stem.charAt(d - 1))) {
            d--;
        }
        String letters = stem.substring(0, d);
        String sup = d < stem.length() ? "^{(" + stem.substring(d) + ")}" : "";
        String s = (letters.length() > 1 ? "\\mathrm{" + letters + "}" : letters) + sup;
        return sub.isEmpty() ? s : s + "_{" + sub + "}";
    }
}

package org.attnlimit.program;

import java.util.ArrayList;
import java.util.List;
import org.attnlimit.calculus.Activation;

/** Assembles the named entries of {@link ProgramLimit#table()} with their LaTeX. */
final class ProgramTable {
    private final ProgramLimit limit;
    private final Program program;

    ProgramTable(ProgramLimit limit) {
        this.limit = limit;
        this.program = limit.program();
    }

    List<CovarianceEntry> entries() {
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
                            out.add(new CovarianceEntry("input", n.get(j), n.get(i), cov(n.get(j), n.get(i)), c, 0,
                                    "\\Sigma_{\\mathrm{in}}", null, "given"));
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
                    String closed = e.closedForm() == null ? null
                            : sigma.isEmpty() ? e.closedForm() : sigma + "\\left(" + e.closedForm() + "\\right)";
                    out.add(new CovarianceEntry("matmul", o.out(), m.out(), cov(o.out(), m.out()),
                            limit.gCov(o.out(), m.out()), w.variance() * e.error(), formula, closed, e.method()));
                }
            }
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
                out.add(new CovarianceEntry("score", names.get(l), names.get(k),
                        "\\operatorname{Cov}(\\mathring{" + tex(names.get(l)) + "}, \\mathring{" + tex(names.get(k)) + "})",
                        c[k][l], err, formula, null, "isserlis"));
            }
        }
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

package org.attnlimit.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.attnlimit.program.CovarianceEntry;
import org.attnlimit.program.ProgramLimit;

/** Renders the covariance table of a program's limit ({@link ProgramLimit#table()}) as text, LaTeX or JSON. */
public final class ProgramReport {
    private ProgramReport() {
    }

    /** @return a plain-text label, e.g. {@code Cov(q1, k2)} or {@code E[x1 x2]} */
    public static String label(CovarianceEntry e) {
        return switch (e.kind()) {
            case "mean", "input-mean" -> "E[" + e.a() + "]";
            case "nonlin" -> "E[" + e.a() + " " + e.b() + "]";
            default -> "Cov(" + e.a() + ", " + e.b() + ")";
        };
    }

    /** @return an aligned text table with a heading per section */
    public static String text(String title, List<CovarianceEntry> entries, List<String> warnings) {
        StringBuilder b = new StringBuilder();
        b.append("Infinite-width limit of ").append(title).append(" (Definition 3.1)\n");
        String section = "";
        int width = 12;
        for (CovarianceEntry e : entries) {
            width = Math.max(width, label(e).length());
        }
        for (CovarianceEntry e : entries) {
            String s = sectionOf(e.kind());
            if (!s.equals(section)) {
                section = s;
                b.append('\n').append(s).append('\n');
            }
            b.append(String.format(Locale.ROOT, "  %-" + width + "s  %18.12g  +- %-8.1e  %s%n",
                    label(e), e.value(), e.errorBound(), e.method()));
        }
        b.append("\nEntries not listed (other MatMul pairs, other score pairs) are 0.\n");
        for (String w : warnings) {
            b.append(w).append('\n');
        }
        return b.toString();
    }

    /** @return a LaTeX {@code longtable} body: quantity, formula, value, closed form */
    public static String latex(String title, List<CovarianceEntry> entries) {
        StringBuilder b = new StringBuilder();
        b.append("% Infinite-width limit of ").append(title).append(" (Definition 3.1)\n");
        b.append("\\begin{longtable}{llrl}\n");
        b.append("quantity & formula & value & closed form \\\\ \\hline\n");
        for (CovarianceEntry e : entries) {
            b.append('$').append(e.quantity()).append("$ & $").append(e.formula()).append("$ & ")
                    .append(String.format(Locale.ROOT, "%.12g", e.value())).append(" & ")
                    .append(e.closedForm() == null ? "" : "$" + e.closedForm() + "$").append(" \\\\\n");
        }
        b.append("\\end{longtable}\n");
        return b.toString();
    }

    /** @return JSON: {@code {"program": …, "entries": [...], "score_covariance": {...}, "warnings": [...]}} */
    public static String json(String title, ProgramLimit limit, List<String> warnings) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("program", title);
        List<Map<String, Object>> list = new ArrayList<>();
        for (CovarianceEntry e : limit.table()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", e.kind());
            m.put("a", e.a());
            m.put("b", e.b());
            m.put("label", label(e));
            m.put("value", e.value());
            m.put("error_bound", e.errorBound());
            m.put("latex", e.quantity());
            m.put("formula", e.formula());
            if (e.closedForm() != null) {
                m.put("closed_form", e.closedForm());
            }
            m.put("method", e.method());
            list.add(m);
        }
        root.put("entries", list);
        Map<String, Object> scores = new LinkedHashMap<>();
        scores.put("names", limit.program().scores());
        scores.put("matrix", limit.scoreCovariance());
        root.put("score_covariance", scores);
        if (!limit.program().scoreDependent().isEmpty()) {
            root.put("score_dependent", limit.program().scoreDependent());
        }
        root.put("warnings", warnings);
        return Json.write(root);
    }

    /** @return the line naming the vectors that depend on the scores (not in the Definition 3.1 table) */
    public static String scoreDependentNote(List<String> vectors) {
        int shown = Math.min(vectors.size(), 12);
        String list = String.join(", ", vectors.subList(0, shown)) + (shown < vectors.size()
                ? ", … (" + vectors.size() + " in all)" : "");
        return "Score-dependent vectors (Theorem 3.1: a mixture over the scores, not in this table;"
                + " their law: --law NAME): " + list;
    }

    private static String sectionOf(String kind) {
        return switch (kind) {
            case "input", "input-mean" -> "Initial vectors (given law)";
            case "matmul" -> "MatMul outputs: Cov(Z^{Wx}, Z^{Wx'}) = sigma_W^2 E[Z^x Z^x'] (Definition 3.1 (A))";
            case "score" -> "Scores: Cov(p_k, p_l) = C(k1,l1)C(k2,l2) + C(k1,l2)C(k2,l1) (Definition 3.1 (B))";
            default -> "Nonlin outputs: means and second moments (Definition 3.1 (A))";
        };
    }
}

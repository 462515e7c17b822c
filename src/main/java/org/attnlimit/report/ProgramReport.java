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

    /** @return a standalone LaTeX document: {@link #latexTable} */
    public static String latex(String title, List<CovarianceEntry> entries) {
        return latexTable(title, entries).document();
    }

    /**
     * @return the covariance table as a LaTeX table (a {@code longtable} past {@value LatexTable#MAX_FLOAT_ROWS}
     *     rows): quantity, formula, value rounded to its error bound, closed form (long forms that repeat are named
     *     {@code \kappa_i} in the legend) and how the entry was obtained
     */
    public static LatexTable latexTable(String title, List<CovarianceEntry> entries) {
        LatexTable.Builder t = LatexTable.builder("Infinite-width limit of \\texttt{" + Latex.escapeText(title)
                + "} (Definition 3.1).", "tab:program-" + title.replaceAll("\\.netsor$", "").replaceAll("[^A-Za-z0-9-]", "-"))
                .math("quantity").wrap("formula", "4.2cm").number("value").math("closed form").text("method")
                .size("\\footnotesize");
        LatexTables.Abbreviations abbreviations = new LatexTables.Abbreviations("\\kappa");
        String section = null;
        for (CovarianceEntry e : entries) {
            String s = sectionOf(e.kind());
            if (section != null && !s.equals(section)) {
                t.rule();
            }
            section = s;
            t.row(e.quantity(), "$" + e.formula() + "$", Latex.rounded(e.value(), e.errorBound(), 10), closedForm(e, abbreviations),
                    LatexTables.methodLabel(e.method()));
        }
        abbreviations.notes().forEach(t::note);
        t.note("$C(a,b)=\\operatorname{Cov}(Z^{a},Z^{b})$. Entries not listed (other MatMul pairs, other score pairs) are 0.");
        return t.build();
    }

    /** The entry's closed form; an exact 0 by independence of centred vectors prints as 0. */
    static String closedForm(CovarianceEntry e, LatexTables.Abbreviations abbreviations) {
        if (e.closedForm() != null) {
            return abbreviations.shorten(e.closedForm());
        }
        return e.value() == 0 && e.method().startsWith("independent") ? "0" : "";
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
        root.put("warnings", warnings);
        return Json.write(root);
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

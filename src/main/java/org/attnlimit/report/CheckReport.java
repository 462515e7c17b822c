package org.attnlimit.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.attnlimit.check.Ranges;
import org.attnlimit.check.Verdict;

/** Renders the verdicts of {@code attnlimit check}: text, JSON, and a booktabs LaTeX table. */
public final class CheckReport {
    private CheckReport() {
    }

    /** @return one block per claim and a summary line */
    public static String text(List<Verdict> verdicts) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        for (Verdict v : verdicts) {
            i++;
            b.append("claim").append(verdicts.size() > 1 ? " " + i : "").append(": ").append(v.claim()).append('\n');
            b.append("  about:    ").append(v.quantity()).append('\n');
            String where = where(v);
            if (!where.isEmpty()) {
                b.append("  over:     ").append(where).append('\n');
            }
            if (v.derived() != null) {
                b.append("  derived:  ").append(v.derived()).append('\n');
            }
            b.append("  symbolic: ").append(symbolic(v)).append('\n');
            b.append("  numeric:  ").append(numeric(v)).append('\n');
            if (v.counterexample() != null) {
                Verdict.PointResult c = v.counterexample();
                b.append("  counterexample: ").append(at(c.at())).append(": claimed ").append(num(c.claimed()))
                        .append(", true ").append(num(c.truth())).append(" ± ").append(sci(c.truthBound()))
                        .append(" (off by ").append(sci(c.deviation())).append(", allowed ").append(sci(c.allowed())).append(")\n");
            }
            if (v.search() != null) {
                b.append("  search:   ").append(v.search()).append('\n');
            }
            b.append("  verdict:  ").append(v.statusText().toUpperCase(Locale.ROOT));
            if (v.status() == Verdict.Status.REFUTED && v.region() != null) {
                b.append(" — ").append(v.region());
            }
            b.append("\n\n");
        }
        b.append(summary(verdicts)).append('\n');
        return b.toString();
    }

    private static String where(Verdict v) {
        List<String> parts = new ArrayList<>();
        v.ranges().forEach((n, r) -> parts.add(n + " in [" + Ranges.format(r[0]) + ", " + Ranges.format(r[1]) + "]"));
        if (!v.fixed().isEmpty()) {
            List<String> f = new ArrayList<>();
            v.fixed().forEach((n, x) -> f.add(n + " = " + Ranges.format(x)));
            parts.add("at " + String.join(", ", f));
        }
        return String.join("; ", parts);
    }

    private static String symbolic(Verdict v) {
        return switch (v.symbolic()) {
            case IDENTICAL -> "claim - derived simplifies to 0";
            case DIFFERENT -> "claim - derived = " + v.difference();
            case UNDECIDED -> "undecided (" + v.symbolicNote() + ")";
            case NONE -> "no closed form to compare with; judged numerically";
        };
    }

    private static String numeric(Verdict v) {
        Verdict.PointResult w = v.worst();
        String count = v.points() == 1 ? "1 point" : v.points() + " points (" + v.gridPoints() + " grid, "
                + (v.points() - v.gridPoints()) + (v.search() == null ? " random)" : " random or from the search)");
        String head = v.failures() == 0 ? "holds at " + count : "fails at " + v.failures() + " of " + count;
        return head + "; worst |claim - true| = " + sci(w.deviation()) + (w.at().isEmpty() ? "" : " at " + at(w.at()))
                + " (allowed " + sci(w.allowed()) + ")";
    }

    private static String at(Map<String, Double> at) {
        List<String> parts = new ArrayList<>();
        at.forEach((n, x) -> parts.add(n + " = " + Ranges.format(x)));
        return parts.isEmpty() ? "the program's values" : String.join(", ", parts);
    }

    private static String summary(List<Verdict> verdicts) {
        long refuted = verdicts.stream().filter(v -> v.status() == Verdict.Status.REFUTED).count();
        long identical = verdicts.stream().filter(v -> v.status() == Verdict.Status.HOLDS_IDENTICALLY).count();
        return verdicts.size() + (verdicts.size() == 1 ? " claim: " : " claims: ") + (verdicts.size() - refuted) + " hold"
                + (identical > 0 ? " (" + identical + " identically)" : "") + ", " + refuted + " refuted";
    }

    /** @return the verdicts as JSON: {"claims": [...], "holds": n, "refuted": n} */
    public static String json(List<Verdict> verdicts) {
        List<Object> claims = new ArrayList<>();
        for (Verdict v : verdicts) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("claim", v.claim());
            m.put("claim_latex", v.claimLatex());
            m.put("quantity", v.quantity());
            m.put("verdict", v.status().name().toLowerCase(Locale.ROOT));
            m.put("verdict_text", v.statusText());
            m.put("search", v.search());
            m.put("rounding", v.rounding());
            m.put("symbolic", v.symbolic().name().toLowerCase(Locale.ROOT));
            m.put("derived", v.derived());
            m.put("sympy", SympyForm.of(v.derived()).orElse(null));
            m.put("difference", v.difference());
            m.put("note", v.symbolicNote());
            Map<String, Object> ranges = new LinkedHashMap<>();
            v.ranges().forEach((n, r) -> ranges.put(n, List.of(r[0], r[1])));
            m.put("ranges", ranges);
            m.put("fixed", v.fixed());
            m.put("points", v.points());
            m.put("grid_points", v.gridPoints());
            m.put("failures", v.failures());
            m.put("worst", point(v.worst()));
            m.put("counterexample", v.counterexample() == null ? null : point(v.counterexample()));
            m.put("region", v.region());
            claims.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("claims", claims);
        long refuted = verdicts.stream().filter(v -> v.status() == Verdict.Status.REFUTED).count();
        out.put("holds", verdicts.size() - refuted);
        out.put("refuted", refuted);
        return Json.write(out);
    }

    private static Map<String, Object> point(Verdict.PointResult p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("at", p.at());
        m.put("claimed", Double.isFinite(p.claimed()) ? p.claimed() : null);
        m.put("true", p.truth());
        m.put("true_bound", p.truthBound());
        m.put("allowed", Double.isFinite(p.allowed()) ? p.allowed() : null);
        m.put("deviation", Double.isFinite(p.deviation()) ? p.deviation() : null);
        m.put("holds", p.holds());
        return m;
    }

    /**
     * A booktabs table of claims and verdicts, math in math mode, with caption and label; a formula
     * wider than its column is scaled down to the column ({@code \resizebox}), so that pdflatex reports
     * no overfull boxes. Needs {@code booktabs}, {@code array}, {@code amsmath}, {@code amssymb}, {@code graphicx}.
     */
    public static String latex(List<Verdict> verdicts) {
        StringBuilder b = new StringBuilder();
        b.append("% attnlimit check; needs \\usepackage{booktabs,array,amsmath,amssymb,graphicx}\n")
                .append("\\begin{table}[ht]\n\\centering\n\\small\n")
                .append("\\providecommand{\\fitcell}[1]{\\resizebox{\\ifdim\\width>\\linewidth\\linewidth\\else\\width\\fi}{!}{#1}}\n")
                .append("\\begin{tabular}{@{}r>{\\raggedright\\arraybackslash}p{0.29\\linewidth}")
                .append(">{\\raggedright\\arraybackslash}p{0.21\\linewidth}>{\\raggedright\\arraybackslash}p{0.20\\linewidth}r@{}}\n")
                .append("\\toprule\n & Claim & Quantity & Verdict & Worst dev.\\\\\n\\midrule\n");
        int i = 0;
        for (Verdict v : verdicts) {
            i++;
            String claim = v.claimLatex() == null ? "\\texttt{" + Latex.escapeText(v.claim()) + "}" : "$" + v.claimLatex() + "$";
            b.append(i).append(" & \\fitcell{").append(claim).append("} & \\fitcell{$").append(v.quantityLatex()).append("$} & ")
                    .append(verdictTex(v)).append(" & ").append(Latex.number(v.worst().deviation(), 2)).append("\\\\\n");
        }
        long refuted = verdicts.stream().filter(v -> v.status() == Verdict.Status.REFUTED).count();
        b.append("\\bottomrule\n\\end{tabular}\n")
                .append("\\caption{Hand-derived claims checked by \\texttt{attnlimit check}: symbolically against the derived")
                .append(" closed form where there is one, and numerically on a grid plus random points of the parameter")
                .append(" ranges, within the tool's error bound plus the claim's rounding. ")
                .append(verdicts.size() - refuted).append(" of ").append(verdicts.size()).append(" hold.}\n")
                .append("\\label{tab:attnlimit-check}\n\\end{table}\n");
        return b.toString();
    }

    private static String verdictTex(Verdict v) {
        String s = v.statusText();
        if (v.status() == Verdict.Status.REFUTED && v.region() != null) {
            s = s + ": " + v.region();
        }
        // conditions in math mode: "rho < 0" → $\\rho<0$, "c > 0.24" → $c>0.24$, "rho = 0" → $\\rho=0$.
        // Matched on the raw text and only the text between conditions is escaped: escapeText typesets a
        // lone '<' as "$<$", which would hide the condition from the pattern.
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("\\b([A-Za-z]+\\d*) ([<>=]) (-?[0-9][0-9.e+-]*)").matcher(s);
        StringBuilder t = new StringBuilder();
        int from = 0;
        while (m.find()) {
            String name = m.group(1).replaceAll("^(rho|mu)$", "\\\\$1").replaceAll("^([a-z])(\\d+)$", "$1_{$2}");
            t.append(Latex.escapeText(s.substring(from, m.start())))
                    .append('$').append(name).append(m.group(2)).append(m.group(3)).append('$');
            from = m.end();
        }
        t.append(Latex.escapeText(s.substring(from)));
        return t.toString();
    }

    private static String num(double x) {
        return Double.isFinite(x) ? String.format(Locale.ROOT, "%.10g", x).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "")
                : "undefined";
    }

    private static String sci(double x) {
        return Double.isFinite(x) ? String.format(Locale.ROOT, "%.1e", x) : "undefined";
    }
}

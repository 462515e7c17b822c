package org.attnlimit.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.attnlimit.verify.CheckResult;
import org.attnlimit.verify.Settings;

/**
 * Renders the results of {@code verify} ({@link CheckResult}s) as text, Markdown, LaTeX or JSON: {@code verify}
 * exports results and renders nothing.
 */
public final class VerifyReport {
    private static final List<String> HEADER = List.of("case", "quantity", "n", "estimate", "+/-", "limit",
            "allowance", "MDD", "kind", "ok");

    private VerifyReport() {
    }

    /**
     * @return one table per result: its rows, with their minimum detectable deviation (relative, "MDD") and
     *     kind; "*" marks illustrations, which the verdict does not depend on
     */
    public static Table table(CheckResult r) {
        List<List<String>> rows = new ArrayList<>();
        for (CheckResult.Row row : r.rows()) {
            rows.add(List.of(row.caseName(), row.quantity() + (row.binding() ? "" : " *"),
                    row.n() == 0 ? "-" : Integer.toString(row.n()), number(row.estimate()), number(row.halfWidth()),
                    number(row.limit()), number(row.allowance()), percent(row.mdd()), row.kind().label(),
                    row.binding() ? (row.consistent() ? "yes" : "NO") : CheckResult.NO_VERDICT));
        }
        return new Table(r.statement() + " (" + r.name() + "): " + r.claim() + " -- " + verdictLabel(r), HEADER,
                rows, false);
    }

    /** @return the verdict, or "illustration" for a result without a row of kind check */
    static String verdictLabel(CheckResult r) {
        return r.kind() == CheckResult.Kind.CHECK ? r.verdict().label() : "illustration";
    }

    /** @return e.g. "3.2%" ({@code -} when unknown) */
    static String percent(double x) {
        if (!Double.isFinite(x)) {
            return "-";
        }
        if (x < 1e-4) {
            return String.format(Locale.ROOT, "%.0e%%", 100 * x);
        }
        return String.format(Locale.ROOT, x < 0.1 ? "%.2f%%" : "%.1f%%", 100 * x);
    }

    /**
     * @return one line per check: its first check row's case and quantity, the estimate ± half-width at each
     *     of the three largest widths,
     *     the limit and the verdict (widthless checks show their first row in the first width column)
     */
    public static Table summaryTable(List<CheckResult> results, int[] allWidths) {
        // At most the three largest widths, so that the table fits a page (the quick suite has four).
        int[] widths = java.util.Arrays.copyOfRange(allWidths, Math.max(0, allWidths.length - 3), allWidths.length);
        List<String> header = new ArrayList<>(List.of("check", "statement", "case / quantity"));
        for (int n : widths) {
            header.add("n = " + n);
        }
        header.addAll(List.of("limit", "verdict"));
        List<List<String>> rows = new ArrayList<>();
        for (CheckResult r : results) {
            CheckResult.Row first = r.rows().stream().filter(CheckResult.Row::binding).findFirst().orElse(r.rows().get(0));
            List<String> row = new ArrayList<>(List.of(r.name(), r.statement(), first.caseName() + " / " + first.quantity()));
            for (int i = 0; i < widths.length; i++) {
                final int n = widths[i];
                String cell = "--";
                if (first.n() == 0) {
                    cell = i == 0 ? pm(first) : "--";
                } else {
                    cell = r.rows().stream().filter(x -> x.n() == n && x.caseName().equals(first.caseName())
                            && x.quantity().equals(first.quantity())).findFirst().map(VerifyReport::pm).orElse("--");
                }
                row.add(cell);
            }
            row.add(number(first.limit()));
            row.add(r.verdict().label());
            rows.add(row);
        }
        return new Table("Verification of the proof: first case of each check, estimate +/- z = 4.9 half-width", header,
                rows, false);
    }

    private static String pm(CheckResult.Row x) {
        return number(x.estimate()) + (x.halfWidth() > 0 ? " +/- " + number(x.halfWidth()) : "");
    }

    /** A limit below 1e-12 in absolute value is quadrature rounding of an exact 0 (e.g. 2e-66): printed as 0. */
    private static String limitCell(double x) {
        return Math.abs(x) < 1e-12 ? "0" : Latex.decimal(x, 4);
    }

    /** @return the plain-text report */
    public static String text(List<CheckResult> results, String heading) {
        StringBuilder b = new StringBuilder(heading).append("\n\n");
        for (CheckResult r : results) {
            b.append(r.statement()).append(" [").append(r.name()).append("] ").append(r.claim()).append("\n");
            b.append(table(r).text());
            b.append("  verdict: ").append(verdictLabel(r).toUpperCase(Locale.ROOT)).append(" (").append(r.level())
                    .append(")\n");
            if (!r.note().isEmpty()) {
                b.append("  note: ").append(r.note()).append('\n');
            }
            b.append('\n');
        }
        return b.append(summary(results)).append('\n').toString();
    }

    /** @return the Markdown report */
    public static String markdown(List<CheckResult> results, String heading) {
        StringBuilder b = new StringBuilder("# Verification of the proof\n\n").append(heading).append("\n\n");
        b.append("| check | statement | verdict |\n|---|---|---|\n");
        for (CheckResult r : results) {
            b.append("| `").append(r.name()).append("` | ").append(r.statement()).append(" | ")
                    .append(verdictLabel(r)).append(" |\n");
        }
        for (CheckResult r : results) {
            b.append("\n## ").append(r.statement()).append(" (`").append(r.name()).append("`)\n\n")
                    .append(r.claim().replace("|", "\\|")).append(" -- **").append(verdictLabel(r)).append("** (")
                    .append(r.level()).append(")\n\n").append(table(r).markdown());
            if (!r.note().isEmpty()) {
                b.append("\n").append(r.note()).append('\n');
            }
        }
        return b.append('\n').append(summary(results)).append(" Rows marked * are illustrations.\n").toString();
    }

    /** @return a standalone LaTeX document, one table per check */
    public static String latex(List<CheckResult> results) {
        return LatexTable.document(results.stream().map(VerifyReport::latexTable).toList());
    }

    /** @return one {@code table} per check, to {@code \input} (the packages they need listed in a comment) */
    public static String latexFragment(List<CheckResult> results) {
        StringBuilder b = new StringBuilder();
        for (CheckResult r : results) {
            b.append(latexTable(r).fragment()).append('\n');
        }
        return b.toString();
    }

    /** The legend line of the illustration mark. */
    private static final String ILLUSTRATION_NOTE = "$^\\dagger$ illustration, not counted in the verdict: fixed by "
            + "construction, a trend below the largest width, or a proven allowance above "
            + Math.round(100 * CheckResult.ALLOWANCE_FLOOR) + "\\% of the scale (fixed before the run); no verdict.";

    /** The legend line of the MDD column. */
    private static final String MDD_NOTE = "MDD: minimum detectable deviation, the smallest error of the limit (in \\% "
            + "of the quantity's scale) this run rejects.";

    /**
     * The quantity of a row for a LaTeX cell: an illustration loses the words that say so (its cell is marked
     * with a dagger instead, explained in the legend), e.g. {@code "E X (too weak: illustration)"} is
     * {@code "E X"} and {@code "E X (illustration: 0 by construction)"} is {@code "E X (0 by construction)"}.
     */
    static String latexQuantity(CheckResult.Row row) {
        String q = row.quantity();
        if (!row.binding()) {
            q = q.replaceAll("\\s*\\((too weak|trend|dependence|allowance over 10%)?:?\\s*illustration\\)", "")
                    // a reason that starts with a digit would be read as mathematics: "(0 by construction)"
                    .replaceAll("\\(illustration[:;]\\s*0 ", "(zero ")
                    .replaceAll("\\(illustration[:;]\\s*", "(")
                    .replaceAll(",\\s*illustration\\)", ")")
                    .replaceAll("\\(\\s*illustration\\s*,\\s*", "(").strip();
        }
        return AsciiMath.toLatex(org.attnlimit.report.MathNames.of(q)) + (row.binding() ? "" : "$^\\dagger$");
    }

    /** @return the MDD in per cent, two significant digits, for a number cell (empty when unknown) */
    static String mddCell(double mdd) {
        return Double.isFinite(mdd) ? Latex.decimal(100 * mdd, 2) : "";
    }

    /**
     * @return one check's rows as a LaTeX table, grouped by case under a heading: estimates with their
     *     {@code z = 4.9} half-width, rounded to its two significant digits, the limit, the allowance (when some
     *     row has one), the minimum detectable deviation in per cent; illustrations (the verdict does not depend
     *     on them) marked with a dagger
     */
    public static LatexTable latexTable(CheckResult r) {
        boolean allowance = r.rows().stream().anyMatch(x -> x.allowance() != 0);
        boolean mdd = r.rows().stream().anyMatch(x -> Double.isFinite(x.mdd()));
        LatexTable.Builder t = LatexTable.builder(AsciiMath.toLatex(r.statement() + ": " + r.claim()) + " --- "
                + verdictLabel(r) + ".", "tab:verify-" + r.name().replaceAll("[^A-Za-z0-9.-]", "-"))
                .wrap("quantity", "4.1cm").number("$n$").pm("estimate").number("limit");
        if (allowance) {
            t.number("allowance");
        }
        if (mdd) {
            t.number("MDD (\\%)");
        }
        t.text("ok");
        String last = null;
        boolean illustration = false;
        for (CheckResult.Row row : r.rows()) {
            if (!row.caseName().equals(last)) {
                t.heading("\\emph{" + AsciiMath.toLatex(row.caseName()) + "}");
            }
            last = row.caseName();
            illustration |= !row.binding();
            List<String> cells = new ArrayList<>(List.of(latexQuantity(row), row.n() == 0 ? "" : Integer.toString(row.n()),
                    Latex.pm(row.estimate(), row.halfWidth()), limitCell(row.limit())));
            if (allowance) {
                cells.add(Latex.decimal(row.allowance(), 2));
            }
            if (mdd) {
                cells.add(mddCell(row.mdd()));
            }
            cells.add(!row.binding() ? "---" : row.consistent() ? "yes" : "\\textbf{no}");
            t.row(cells);
        }
        t.note("Estimate $\\pm$ half-width of the $z=" + Settings.Z + "$ interval (two-sided $\\alpha=10^{-6}$ each); a row is"
                + " consistent when the interval" + (allowance ? ", widened by the allowance," : "") + " contains the limit.");
        if (mdd) {
            t.note(MDD_NOTE);
        }
        if (illustration) {
            t.note(ILLUSTRATION_NOTE);
        }
        return t.size("\\footnotesize").build();
    }

    /**
     * @return the summary as a LaTeX table: one line per check with its first case and quantity of kind check
     *     (its first row for an illustration), the estimate ± half-width at each of the three largest widths
     *     (as {@link #summaryTable}), the limit, the check's largest MDD in per cent and the verdict; wide (a
     *     {@code sidewaystable} fragment)
     */
    public static LatexTable latexSummary(List<CheckResult> results, int[] allWidths) {
        int[] widths = java.util.Arrays.copyOfRange(allWidths, Math.max(0, allWidths.length - 3), allWidths.length);
        LatexTable.Builder t = LatexTable.builder("Numerical verification of the proof of Theorem 3.1: the first case of"
                + " each check, estimate $\\pm$ half-width of the $z=" + Settings.Z + "$ interval at each width $n$.",
                "tab:verification").text("statement").wrap("case: quantity", "6.8cm");
        for (int n : widths) {
            t.pm("$n=" + n + "$");
        }
        t.number("limit").number("MDD (\\%)").text("verdict");
        boolean illustration = false;
        for (CheckResult r : results) {
            CheckResult.Row first = r.rows().stream().filter(CheckResult.Row::binding).findFirst().orElse(r.rows().get(0));
            illustration |= !first.binding();
            List<String> row = new ArrayList<>(List.of(Latex.escapeText(r.statement()),
                    AsciiMath.toLatex(first.caseName()) + ": " + latexQuantity(first)));
            for (int i = 0; i < widths.length; i++) {
                final int n = widths[i];
                String cell = "";
                if (first.n() == 0) {
                    // an exact difference that is rounding of 0 (e.g. 8e-34) prints as 0, as the limits do
                    cell = i != 0 ? "" : first.halfWidth() == 0 && Math.abs(first.estimate()) < 1e-12 ? "0"
                            : Latex.pm(first.estimate(), first.halfWidth());
                } else {
                    cell = r.rows().stream().filter(x -> x.n() == n && x.caseName().equals(first.caseName())
                            && x.quantity().equals(first.quantity())).findFirst()
                            .map(x -> Latex.pm(x.estimate(), x.halfWidth())).orElse("");
                }
                row.add(cell);
            }
            row.add(limitCell(first.limit()));
            row.add(mddCell(r.worstMdd()));
            String verdict = Latex.escapeText(verdictLabel(r));
            row.add(r.consistent() ? verdict : "\\textbf{" + verdict + "}");
            t.row(row);
        }
        // one legend paragraph: each note starts a line, and the sidewaystable has little height to spare
        t.note("Checks without a width (exact bounds, quadrature) show their value under the first width. MDD: the"
                + " largest over the check's rows of the smallest error of the limit (in \\% of the quantity's scale) the"
                + " run rejects." + (illustration ? " $^\\dagger$ illustration: no row can refute the statement." : "")
                + " Run \\texttt{attnlimit verify} for every case and quantity.");
        // 4pt between columns (LaTeX's 6pt) and a wide case column: most rows stay on one or two lines
        return t.wide().size("\\footnotesize").columnSeparation("4pt").build();
    }

    /** @return the JSON report (non-finite numbers as {@code null}) */
    public static String json(List<CheckResult> results, Map<String, Object> settings) {
        return json(results, settings, false);
    }

    /**
     * As {@link #json(List, Map)}; a {@code partial} run (interrupted) says so at the top ({@code "partial": true})
     * and has no overall verdict ({@code "consistent": null}): only the checks that finished are listed.
     */
    public static String json(List<CheckResult> results, Map<String, Object> settings, boolean partial) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("settings", settings);
        if (partial) {
            root.put("partial", true);
        }
        root.put("consistent", partial ? null : results.stream().allMatch(CheckResult::consistent));
        List<CheckResult.Row> checkRows = results.stream().flatMap(r -> r.rows().stream()).filter(CheckResult.Row::binding)
                .toList();
        root.put("check_rows", checkRows.size());
        root.put("inconsistent_check_rows", checkRows.stream().filter(x -> !x.consistent()).count());
        List<Map<String, Object>> checks = new ArrayList<>();
        for (CheckResult r : results) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", r.name());
            m.put("statement", r.statement());
            m.put("claim", r.claim());
            m.put("kind", r.kind().label());
            m.put("verdict", r.verdict().label());
            m.put("minimum_detectable_deviation", finite(r.worstMdd()));
            m.put("level", r.level());
            m.put("note", r.note());
            List<Map<String, Object>> rows = new ArrayList<>();
            for (CheckResult.Row row : r.rows()) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("case", row.caseName());
                x.put("quantity", row.quantity());
                x.put("n", row.n() == 0 ? null : row.n());
                x.put("estimate", finite(row.estimate()));
                x.put("halfWidth", finite(row.halfWidth()));
                x.put("limit", finite(row.limit()));
                x.put("allowance", finite(row.allowance()));
                x.put("scale", finite(row.scale()));
                x.put("minimum_detectable_deviation", finite(row.mdd()));
                x.put("kind", row.kind().label());
                x.put("verdict", row.verdictLabel());
                x.put("consistent", row.binding() ? row.consistent() : null);
                x.put("binding", row.binding());
                rows.add(x);
            }
            m.put("rows", rows);
            checks.add(m);
        }
        root.put("checks", checks);
        return Json.write(root) + "\n";
    }

    /**
     * @return e.g. "16/16 checks consistent (2 illustrations; 120 check rows, largest MDD 18%)": results
     *     without a row of kind check are counted as illustrations, not as consistent checks
     */
    public static String summary(List<CheckResult> results) {
        List<CheckResult> checks = results.stream().filter(r -> r.kind() == CheckResult.Kind.CHECK).toList();
        long ok = checks.stream().filter(CheckResult::consistent).count();
        long rows = checks.stream().mapToLong(r -> r.rows().stream().filter(CheckResult.Row::binding).count()).sum();
        double worst = checks.stream().mapToDouble(CheckResult::worstMdd).filter(Double::isFinite).max().orElse(Double.NaN);
        StringBuilder b = new StringBuilder().append(ok).append('/').append(checks.size()).append(" checks consistent (")
                .append(results.size() - checks.size()).append(" illustrations; ").append(rows)
                .append(" check rows, largest minimum detectable deviation ").append(percent(worst)).append(')');
        for (CheckResult r : checks) {
            if (!r.consistent()) {
                b.append("; INCONSISTENT: ").append(r.name());
            }
        }
        return b.append('.').toString();
    }

    /**
     * @return for a run with {@code --perturb EPS}: how many check rows came out inconsistent, e.g.
     *     "perturbed by 20%: 120/120 check rows inconsistent (every check can fail)"
     */
    public static String perturbationSummary(List<CheckResult> results, double eps) {
        List<CheckResult.Row> rows = results.stream().flatMap(r -> r.rows().stream()).filter(CheckResult.Row::binding).toList();
        long rejected = rows.stream().filter(x -> !x.consistent()).count();
        StringBuilder b = new StringBuilder("limits perturbed by ").append(percent(eps)).append(": ").append(rejected)
                .append('/').append(rows.size()).append(" check rows inconsistent");
        if (rejected == rows.size()) {
            b.append(" (every check rejects the perturbed limit: none is vacuous)");
        } else {
            b.append("; still consistent:");
            for (CheckResult r : results) {
                for (CheckResult.Row x : r.rows()) {
                    if (x.binding() && x.consistent()) {
                        b.append(' ').append(r.name()).append(" [").append(x.caseName()).append(" / ").append(x.quantity())
                                .append(x.n() == 0 ? "" : ", n = " + x.n()).append(']');
                    }
                }
            }
        }
        return b.append('.').toString();
    }

    private static Double finite(double x) {
        return Double.isFinite(x) ? x : null;
    }

    static String number(double x) {
        if (Double.isNaN(x)) {
            return "-";
        }
        if (x == 0) {
            return "0";
        }
        double a = Math.abs(x);
        if (a >= 1e-3 && a < 1e4) {
            return String.format(Locale.ROOT, "%.4g", x);
        }
        return String.format(Locale.ROOT, "%.3e", x);
    }
}

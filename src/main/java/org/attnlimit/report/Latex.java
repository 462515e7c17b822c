package org.attnlimit.report;

import java.util.List;
import java.util.Locale;

/**
 * Small LaTeX helpers shared by the renderers: escaping text and formatting numbers for
 * {@link LatexTable}, the table builder every LaTeX output uses.
 */
public final class Latex {
    private Latex() {
    }

    /** Escapes LaTeX's special characters in plain text. */
    public static String escapeText(String text) {
        StringBuilder b = new StringBuilder(text.length() + 8);
        for (char c : text.toCharArray()) {
            switch (c) {
                case '\\': b.append("\\textbackslash{}"); break;
                case '{': case '}': case '$': case '&': case '#': case '_': case '%':
                    b.append('\\').append(c); break;
                case '~': b.append("\\textasciitilde{}"); break;
                case '<': b.append("$<$"); break;
                case '>': b.append("$>$"); break;
                case '|': b.append("$|$"); break;
                case '^': b.append("\\textasciicircum{}"); break;
                case '≤': b.append("$\\le$"); break;
                case '≥': b.append("$\\ge$"); break;
                case '±': b.append("$\\pm$"); break;
                case '→': b.append("$\\to$"); break;
                case '∞': b.append("$\\infty$"); break;
                case 'σ': b.append("$\\sigma$"); break;
                case '²': b.append("$^2$"); break;
                case '⁴': b.append("$^4$"); break;
                case '³': b.append("$^3$"); break;
                case '√': b.append("$\\surd$"); break;
                case 'α': b.append("$\\alpha$"); break;
                case '·': b.append("$\\cdot$"); break;
                case '–': b.append("--"); break;
                case '—': b.append("---"); break;
                case '×': b.append("$\\times$"); break;
                case '≈': b.append("$\\approx$"); break;
                default:
                    b.append(c < 128 ? String.valueOf(c) : "?");
            }
        }
        return b.toString();
    }

    /**
     * Formats a number for a math or {@link LatexTable.Kind#NUMBER} cell (no dollars): {@code significant}
     * significant digits without trailing zeros, and {@code m\times10^{e}} outside {@code [1e-3, 1e5)}.
     */
    public static String decimal(double x, int significant) {
        if (!Double.isFinite(x)) {
            return Double.isNaN(x) ? "" : (x > 0 ? "\\infty" : "-\\infty");
        }
        if (x == 0) {
            return "0";
        }
        double ax = Math.abs(x);
        if (ax >= 1e-3 && ax < 1e5) {
            String s = new java.math.BigDecimal(x).round(new java.math.MathContext(significant)).toPlainString();
            return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
        }
        String s = String.format(Locale.ROOT, "%." + (significant - 1) + "e", x);
        String[] parts = s.split("e");
        return parts[0] + "\\times10^{" + Integer.parseInt(parts[1]) + "}";
    }

    /** {@link #decimal} in {@code $…$} for a text cell (a dash for NaN). */
    public static String number(double x, int significant) {
        String d = decimal(x, significant);
        return d.isEmpty() ? "--" : d.matches("-?[0-9.]+") ? d : "$" + d + "$";
    }

    /**
     * Rounds {@code x} to the digits its error bound supports: the bound's two significant digits fix the
     * last decimal kept (PDG convention), e.g. {@code 0.280712} with bound {@code 0.0311} gives {@code 0.281};
     * a bound of 0, or one below {@code 1e-8} relative, keeps {@code maxSignificant} digits.
     */
    public static String rounded(double x, double error, int maxSignificant) {
        int decimals = decimals(error);
        if (!Double.isFinite(x) || error <= 0 || !Double.isFinite(error) || Math.abs(x) >= 1e5
                || decimals > 9 || significantDigits(x, decimals) > maxSignificant) {
            return decimal(x, maxSignificant);
        }
        return fixed(x, decimals);
    }

    /**
     * @return {@code x \pm e} for a {@link LatexTable.Kind#PM} cell, both rounded to the half-width's two
     *     significant digits; just {@code x} when {@code e} is 0 or not finite
     */
    public static String pm(double x, double e) {
        if (!(e > 0) || !Double.isFinite(e)) {
            return decimal(x, 4);
        }
        int decimals = decimals(e);
        if (decimals > 9 || Math.abs(x) >= 1e5 || decimals < -4) {
            return decimal(x, 4) + " \\pm " + decimal(e, 2);
        }
        return fixed(x, decimals) + " \\pm " + fixed(e, decimals);
    }

    /** The decimals that show {@code e} to two significant digits (negative: round to tens, hundreds, …). */
    static int decimals(double e) {
        if (!(e > 0) || !Double.isFinite(e)) {
            return 0;
        }
        int exponent = (int) Math.floor(Math.log10(e));
        // 0.0996 rounds to 0.10: recompute with the rounded value
        double r = new java.math.BigDecimal(e).round(new java.math.MathContext(2)).doubleValue();
        exponent = (int) Math.floor(Math.log10(r));
        return 1 - exponent;
    }

    private static int significantDigits(double x, int decimals) {
        if (x == 0) {
            return 1;
        }
        return (int) Math.floor(Math.log10(Math.abs(x))) + 1 + decimals;
    }

    private static String fixed(double x, int decimals) {
        java.math.BigDecimal d = new java.math.BigDecimal(x).setScale(decimals, java.math.RoundingMode.HALF_EVEN);
        String s = decimals <= 0 ? d.setScale(0, java.math.RoundingMode.HALF_EVEN).toPlainString() : d.toPlainString();
        return s.equals("-0") || s.matches("-0\\.0*") ? s.substring(1) : s;
    }

    /**
     * @param lhs the expectation, e.g. {@code \mathbb{E}[\operatorname{clip}_c(Z)^2]}
     * @param closedForm its closed form, or {@code null}
     * @param value its value, rounded to the error bound ({@link #rounded})
     * @param exact whether the value is exact (printed with {@code =}, else {@code \approx})
     * @param given the assumptions, e.g. {@code Z\sim\mathcal{N}(0,1),\ c=1}
     * @param comments lines written as LaTeX comments before the equation
     * @return an {@code align*} environment (amsmath): the closed form on the first line, the value and the
     *     assumptions on the second, so that long forms fit the text width
     */
    public static String equation(String lhs, String closedForm, String value, boolean exact, String given,
            List<String> comments) {
        StringBuilder b = new StringBuilder("% Needs in the preamble: \\usepackage{amsmath,amssymb}\n");
        for (String c : comments) {
            b.append("% ").append(c.replace("\n", " ")).append('\n');
        }
        b.append("\\begin{align*}\n  ").append(lhs);
        if (closedForm != null) {
            b.append(" &= ").append(closedForm).append(" \\\\\n  &");
        } else {
            b.append(" &");
        }
        b.append(exact ? "= " : "\\approx ").append(value).append(", \\qquad ").append(given).append("\n\\end{align*}\n");
        return b.toString();
    }

    /** @return a standalone article holding {@link #equation} output */
    public static String equationDocument(String equation) {
        return "\\documentclass[10pt]{article}\n\\usepackage[a4paper,margin=2cm]{geometry}\n\\usepackage{amsmath,amssymb}\n"
                + "\\pagestyle{empty}\n\\begin{document}\n" + equation + "\\end{document}\n";
    }

    /**
     * A standalone document holding tables of plain text (translated by {@link Table#latex()}), one after
     * the other with their captions.
     */
    public static String document(List<Table> tables) {
        return LatexTable.document(tables.stream().map(Table::latex).toList());
    }
}

package org.attnlimit.report;

import java.util.List;
import java.util.Locale;

/**
 * Small LaTeX helpers shared by the renderers: escaping text, formatting numbers, and the preamble
 * of a standalone table document. Only packages from a base TeX installation are used (no
 * booktabs): rules are plain {@code \hline}.
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

    /** Formats a number for a table: significant digits, scientific notation as {@code a\times10^{b}}. */
    public static String number(double x, int significant) {
        if (!Double.isFinite(x)) {
            return Double.isNaN(x) ? "--" : (x > 0 ? "$\\infty$" : "$-\\infty$");
        }
        if (x == 0) {
            return "0";
        }
        double ax = Math.abs(x);
        if (ax >= 1e-3 && ax < 1e5) {
            return String.format(Locale.ROOT, "%." + significant + "g", x).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
        }
        String s = String.format(Locale.ROOT, "%." + (significant - 1) + "e", x);
        String[] parts = s.split("e");
        return "$" + parts[0] + "\\times10^{" + Integer.parseInt(parts[1]) + "}$";
    }

    /**
     * A standalone document holding tables, one after the other with their captions: {@code article}
     * with an empty page style, so that {@code pdflatex} compiles it with a base TeX installation (plain
     * {@code \hline} rules, no booktabs).
     */
    public static String document(List<Table> tables) {
        StringBuilder b = new StringBuilder();
        b.append("\\documentclass[10pt]{article}\n\\usepackage[margin=1cm,landscape]{geometry}\n")
                .append("\\usepackage{amsmath,amssymb}\n\\pagestyle{empty}\n\\begin{document}\n");
        for (Table t : tables) {
            b.append("\\begin{center}\n\\textbf{").append(escapeText(t.caption())).append("}\\\\[4pt]\n")
                    .append(t.header().size() > 7 ? "{\\scriptsize\n" : "{\\small\n").append(t.latexTabular())
                    .append("}\n\\end{center}\n");
        }
        return b.append("\\end{document}\n").toString();
    }
}

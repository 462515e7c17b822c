package org.attnlimit.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain table (a caption, a header and rows of strings) with text, Markdown and LaTeX renderings;
 * used for verification results and the {@code tables} command.
 *
 * @param caption a caption (plain text)
 * @param header the column names (plain text, or LaTeX when {@code latexCells})
 * @param rows the cells (plain text; LaTeX rendering escapes them unless {@link #latexCells} is set)
 * @param latexCells whether the cells are already LaTeX (math in {@code $…$})
 */
public record Table(String caption, List<String> header, List<List<String>> rows, boolean latexCells) {

    /** Copies the lists and checks the row lengths. */
    public Table {
        header = List.copyOf(header);
        List<List<String>> copy = new ArrayList<>();
        for (List<String> r : rows) {
            if (r.size() != header.size()) {
                throw new IllegalArgumentException("row has " + r.size() + " cells for " + header.size() + " columns");
            }
            copy.add(List.copyOf(r));
        }
        rows = List.copyOf(copy);
    }

    /** @return the table as aligned plain text (columns padded to their widest cell) */
    public String text() {
        int[] width = new int[header.size()];
        for (int c = 0; c < width.length; c++) {
            width[c] = header.get(c).length();
            for (List<String> r : rows) {
                width[c] = Math.max(width[c], r.get(c).length());
            }
        }
        StringBuilder b = new StringBuilder();
        appendText(b, header, width);
        int total = 0;
        for (int w : width) {
            total += w + 2;
        }
        b.append("  ").append("-".repeat(Math.max(0, total - 2))).append('\n');
        for (List<String> r : rows) {
            appendText(b, r, width);
        }
        return b.toString();
    }

    private static void appendText(StringBuilder b, List<String> cells, int[] width) {
        StringBuilder line = new StringBuilder("  ");
        for (int c = 0; c < cells.size(); c++) {
            line.append(String.format("%-" + width[c] + "s", cells.get(c)));
            if (c + 1 < cells.size()) {
                line.append("  ");
            }
        }
        b.append(line.toString().stripTrailing()).append('\n');
    }

    /** @return the table in GitHub Markdown ({@code |} in cells escaped) */
    public String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("| ").append(String.join(" | ", header.stream().map(Table::md).toList())).append(" |\n");
        b.append("|").append("---|".repeat(header.size())).append('\n');
        for (List<String> r : rows) {
            b.append("| ").append(String.join(" | ", r.stream().map(Table::md).toList())).append(" |\n");
        }
        return b.toString();
    }

    private static String md(String cell) {
        return cell.replace("|", "\\|");
    }

    /**
     * @return this table for {@link LatexTable}: columns whose cells are all numbers are aligned on the decimal
     *     point, cells {@code a +/- b} become {@code $a \pm b$}, plain-text cells and the caption are translated by
     *     {@link AsciiMath#toLatex}; more than seven columns make a wide table
     */
    public LatexTable latex() {
        String slug = caption.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        return latex("tab:" + (slug.length() > 32 ? slug.substring(0, 32).replaceAll("-$", "") : slug));
    }

    /** @return {@link #latex()} with the given label */
    public LatexTable latex(String label) {
        LatexTable.Builder b = LatexTable.builder(AsciiMath.toLatex(caption), label);
        List<LatexTable.Kind> kinds = new ArrayList<>();
        for (int c = 0; c < header.size(); c++) {
            boolean numbers = true;
            boolean pm = false;
            for (List<String> r : rows) {
                String x = r.get(c).strip();
                if (x.isEmpty() || x.equals("-") || x.equals("--")) {
                    continue;
                }
                if (x.matches(NUMBER + "( \\+/- " + NUMBER + ")?")) {
                    pm |= x.contains("+/-");
                } else {
                    numbers = false;
                }
            }
            LatexTable.Kind k = numbers && !rows.isEmpty() ? (pm ? LatexTable.Kind.PM : LatexTable.Kind.NUMBER)
                    : LatexTable.Kind.TEXT;
            kinds.add(k);
            String h = latexCells ? header.get(c) : AsciiMath.toLatex(header.get(c));
            switch (k) {
                case PM -> b.pm(h);
                case NUMBER -> b.number(h);
                default -> b.text(h);
            }
        }
        for (List<String> r : rows) {
            List<String> cells = new ArrayList<>();
            for (int c = 0; c < r.size(); c++) {
                String x = r.get(c).strip();
                cells.add(switch (kinds.get(c)) {
                    case PM, NUMBER -> x.equals("-") || x.equals("--") ? "" : numberCell(x);
                    default -> latexCells ? x : AsciiMath.toLatex(x);
                });
            }
            b.row(cells);
        }
        if (header.size() > 7) {
            b.wide();
        }
        return b.build();
    }

    private static final String NUMBER = "-?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?";

    /** {@code 1.5e-03} → {@code 1.5\times10^{-3}}; {@code a +/- b} → {@code a \pm b}. */
    private static String numberCell(String x) {
        StringBuilder b = new StringBuilder();
        String[] parts = x.split(" \\+/- ");
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            int e = p.toLowerCase(java.util.Locale.ROOT).indexOf('e');
            b.append(i > 0 ? " \\pm " : "").append(e < 0 ? p : p.substring(0, e) + "\\times10^{" + Integer.parseInt(p.substring(e + 1)) + "}");
        }
        return b.toString();
    }

    /** @return a standalone LaTeX document holding this table */
    public String latexDocument() {
        return latex().document();
    }
}

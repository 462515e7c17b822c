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

    /** @return the {@code tabular} environment (no document around it) */
    public String latexTabular() {
        StringBuilder b = new StringBuilder();
        b.append("\\begin{tabular}{").append("l".repeat(header.size())).append("}\n\\hline\n");
        b.append(String.join(" & ", header.stream().map(c -> latexCells ? c : Latex.escapeText(c)).toList()))
                .append(" \\\\\n\\hline\n");
        for (List<String> r : rows) {
            b.append(String.join(" & ", r.stream().map(c -> latexCells ? c : Latex.escapeText(c)).toList()))
                    .append(" \\\\\n");
        }
        return b.append("\\hline\n\\end{tabular}\n").toString();
    }

    /** @return a standalone LaTeX document holding this table */
    public String latexDocument() {
        return Latex.document(List.of(this));
    }
}

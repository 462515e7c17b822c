package org.attnlimit.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The one LaTeX table builder every LaTeX output of the tool uses: {@code booktabs} rules, numbers aligned on
 * the decimal point ({@code dcolumn}), estimates with their half-width as {@code $0.281 \pm 0.031$}, a caption
 * and a label, an optional legend under the table, and two forms: {@link #fragment()} (a {@code table}, or a
 * {@code sidewaystable} when {@link Builder#wide()}, to {@code \input} into a paper, with the
 * {@code usepackage} lines it needs in a comment) and {@link #document()} (a standalone article).
 * A table whose estimated height ({@link #estimatedHeight()}) exceeds the page it must fit is a
 * {@code longtable} that breaks across pages instead of a float; a wide one then sits on landscape pages
 * ({@code pdflscape}). Only packages of Debian's {@code texlive-latex-base} ({@code dcolumn}, {@code array},
 * {@code rotating}, {@code geometry}, {@code amsmath}, {@code longtable}) and {@code texlive-latex-recommended}
 * ({@code booktabs}, {@code pdflscape}) are used.
 *
 * <p>Cells are LaTeX: a {@link Kind#TEXT} or {@link Kind#WRAP} cell is text-mode LaTeX (escape plain text
 * with {@link Latex#escapeText} or translate ASCII formulas with {@link AsciiMath#toLatex}), a {@link Kind#MATH}
 * cell is math without the dollars, a {@link Kind#NUMBER} cell is a number from {@link Latex#decimal} or
 * {@link Latex#rounded}, a {@link Kind#PM} cell is {@link Latex#pm}. An empty cell prints as a dash.
 */
public final class LatexTable {

    /** How a column is typeset. */
    public enum Kind {
        /** left-aligned text */
        TEXT,
        /** left-aligned mathematics (the cell is wrapped in {@code $…$}) */
        MATH,
        /** a number aligned on its decimal point */
        NUMBER,
        /** an estimate and its half-width, {@code a \pm b}, the estimate aligned on its decimal point */
        PM,
        /** ragged-right text wrapped at a given width */
        WRAP
    }

    /**
     * @param header the column head (text-mode LaTeX)
     * @param kind how cells are typeset
     * @param width the width of a {@link Kind#WRAP} column (a LaTeX length, e.g. {@code 4.2cm}), else {@code null}
     */
    public record Column(String header, Kind kind, String width) {
    }

    /**
     * The height a float may take, in points: the 9in text height of the narrowest usual single-column page
     * (NeurIPS, ICLR; A4 with 2cm margins is taller); a {@code sidewaystable} is as high as the 5.5in text width.
     * A table whose {@link #estimatedHeight()} (which counts the float's skips) is larger becomes a {@code longtable}.
     */
    static final double PAGE_HEIGHT_PT = 9 * 72.27;
    static final double WIDE_PAGE_HEIGHT_PT = 5.5 * 72.27;

    /** The {@code usepackage} lines of every table; {@code rotating} is added for a wide table's fragment. */
    public static final List<String> PACKAGES = List.of("\\usepackage{booktabs}", "\\usepackage{dcolumn}",
            "\\usepackage{array}", "\\usepackage{amsmath,amssymb}");

    private final String caption;
    private final String label;
    private final List<Column> columns;
    private final List<List<String>> rows;
    private final List<Integer> rules;
    private final java.util.Map<Integer, String> headings;
    private final List<String> notes;
    private final boolean wide;
    private final String size;
    private final String columnSeparation;
    private final boolean multipage;

    private LatexTable(Builder b) {
        this.caption = b.caption;
        this.label = b.label;
        this.columns = List.copyOf(b.columns);
        this.rows = List.copyOf(b.rows);
        this.rules = List.copyOf(b.rules);
        this.headings = java.util.Map.copyOf(b.headings);
        this.notes = List.copyOf(b.notes);
        this.wide = b.wide;
        this.size = b.size;
        this.columnSeparation = b.columnSeparation;
        this.multipage = estimatedHeight() > (wide ? WIDE_PAGE_HEIGHT_PT : PAGE_HEIGHT_PT);
    }

    /**
     * An upper estimate of the float's height in points: caption, head, rules and legend, and each row as
     * many lines as its longest wrapped cell needs. The line height is the baseline skip of the table's size
     * (standard LaTeX 10pt classes); a wrapped cell's characters are counted without LaTeX commands at a mean
     * width of 0.45em (Computer Modern lower case with spaces; sub- and superscripts are narrower, and the commands dropped from the count print narrow symbols).
     */
    public double estimatedHeight() {
        double line = switch (size.strip()) {
            case "\\scriptsize" -> 8;
            case "\\footnotesize" -> 9.5;
            case "\\small" -> 11;
            default -> 12;
        };
        double font = line / 1.2;
        double lines = 0;
        for (List<String> r : rows) {
            int most = 1;
            for (int c = 0; c < columns.size(); c++) {
                if (columns.get(c).kind() == Kind.WRAP) {
                    most = Math.max(most, wrappedLines(r.get(c), lengthPt(columns.get(c).width()), font));
                }
            }
            lines += most;
        }
        lines += headings.size() + 1.5 * (rules.size() + 3);
        // caption (\normalsize, about 80 characters a line) and legend (\footnotesize across 70% of 5.5in at least)
        double captionLines = Math.ceil(plain(caption).length() / 80.0);
        double noteLines = notes.stream().mapToDouble(n -> Math.ceil(plain(n).length() / 70.0)).sum();
        return lines * line + captionLines * 12 + noteLines * 9.5 + 30;
    }

    private static int wrappedLines(String cell, double widthPt, double fontPt) {
        double perLine = Math.max(1, widthPt / (0.45 * fontPt));
        return (int) Math.max(1, Math.ceil(plain(cell).length() / perLine));
    }

    /** @return the text of a LaTeX string without commands, braces and math shifts (what is printed, roughly) */
    private static String plain(String latex) {
        return latex.replaceAll("\\\\[A-Za-z]+", "").replaceAll("[{}$^_\\\\]", "");
    }

    /** @return a LaTeX length in points ({@code cm}, {@code mm}, {@code in}, {@code pt}) */
    private static double lengthPt(String length) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9.]+)\\s*(cm|mm|in|pt)").matcher(length);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a LaTeX length in cm, mm, in or pt: " + length);
        }
        double x = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "cm" -> x * 72.27 / 2.54;
            case "mm" -> x * 72.27 / 25.4;
            case "in" -> x * 72.27;
            default -> x;
        };
    }

    /** @return whether the table is a {@code longtable} (taller than a page) */
    public boolean multipage() {
        return multipage;
    }

    /** @return a builder; {@code caption} is text-mode LaTeX, {@code label} e.g. {@code tab:limit-moments} */
    public static Builder builder(String caption, String label) {
        return new Builder(caption, label);
    }

    /** @return the rows (LaTeX cells) */
    public List<List<String>> rows() {
        return rows;
    }

    /** @return whether the fragment is a {@code sidewaystable} */
    public boolean wide() {
        return wide;
    }

    /** @return the {@code usepackage} lines this table's fragment needs */
    public List<String> packages() {
        List<String> p = new ArrayList<>(PACKAGES);
        if (wide && !multipage) {
            p.add("\\usepackage{rotating}");
        }
        if (multipage) {
            p.add("\\usepackage{longtable}");
        }
        if (multipage && wide) {
            p.add("\\usepackage{pdflscape}");
        }
        return p;
    }

    /** @return the table as a float to {@code \input}, with the packages it needs listed in a leading comment */
    public String fragment() {
        StringBuilder b = new StringBuilder();
        b.append("% Needs in the preamble (Debian texlive-latex-base and texlive-latex-recommended):\n");
        b.append("% (fits a 5.5in text width").append(!wide ? "" : multipage ? " on landscape pages" : " as a sidewaystable")
                .append(")\n");
        for (String p : packages()) {
            b.append("%   ").append(p).append('\n');
        }
        if (multipage && wide) {
            return b.append("\\begin{landscape}\n").append(longBody()).append("\\end{landscape}\n").toString();
        }
        return b.append(body(wide ? "sidewaystable" : "table")).toString();
    }

    /**
     * @return the tables as floats to {@code \input}, one after the other, with the packages they need listed
     *     once in a leading comment
     */
    public static String fragment(List<LatexTable> tables) {
        boolean wide = tables.stream().anyMatch(LatexTable::wide);
        java.util.Set<String> packages = new java.util.LinkedHashSet<>();
        tables.forEach(t -> packages.addAll(t.packages()));
        StringBuilder b = new StringBuilder();
        b.append("% Needs in the preamble (Debian texlive-latex-base and texlive-latex-recommended):\n");
        b.append("% (fits a 5.5in text width").append(wide ? " as a sidewaystable" : "").append(")\n");
        for (String p : packages) {
            b.append("%   ").append(p).append('\n');
        }
        for (LatexTable t : tables) {
            b.append(t.body(t.wide ? "sidewaystable" : "table"));
        }
        return b.toString();
    }

    /** @return a standalone article holding this table */
    public String document() {
        return document(List.of(this));
    }

    /**
     * @return a standalone article (A4, landscape when a table is wide) holding the tables one after the
     *     other, each a {@code table} float with its caption
     */
    public static String document(List<LatexTable> tables) {
        boolean landscape = tables.stream().anyMatch(LatexTable::wide);
        StringBuilder b = new StringBuilder("\\documentclass[10pt]{article}\n");
        b.append("\\usepackage[a4paper,").append(landscape ? "landscape," : "").append("margin=2cm]{geometry}\n");
        for (String p : PACKAGES) {
            b.append(p).append('\n');
        }
        if (tables.stream().anyMatch(t -> t.multipage)) {
            b.append("\\usepackage{longtable}\n");
        }
        b.append("\\pagestyle{empty}\n\\begin{document}\n");
        for (LatexTable t : tables) {
            b.append(t.body("table"));
        }
        return b.append("\\end{document}\n").toString();
    }

    private String body(String environment) {
        if (multipage) {
            return longBody();
        }
        StringBuilder b = new StringBuilder();
        b.append("\\begin{").append(environment).append("}[htbp]\n\\centering\n");
        b.append("\\caption{").append(caption).append("}\n\\label{").append(label).append("}\n\\smallskip\n");
        b.append(size).append(separation()).append('\n');
        // the tabular goes into box 0 first, so that the legend below can take the table's width
        b.append(notes.isEmpty() ? "" : "\\setbox0=\\hbox{%\n");
        b.append("\\begin{tabular}{@{}").append(preamble()).append("@{}}\n\\toprule\n");
        b.append(head()).append(" \\\\\n\\midrule\n");
        appendRows(b);
        b.append("\\bottomrule\n\\end{tabular}").append(notes.isEmpty() ? "\n" : "}%\n\\leavevmode\\copy0\\par\n");
        appendNotes(b);
        return b.append("\\end{").append(environment).append("}\n").toString();
    }

    /** A table longer than a page: a {@code longtable} with its head repeated on each page. */
    private String longBody() {
        StringBuilder b = new StringBuilder("\\begingroup").append(size).append(separation()).append('\n');
        b.append("\\begin{longtable}{@{}").append(preamble()).append("@{}}\n");
        b.append("\\caption{").append(caption).append("}\\label{").append(label).append("}\\\\\n");
        String head = "\\toprule\n" + head(true) + " \\\\\n\\midrule\n";
        b.append(head).append("\\endfirsthead\n");
        b.append("\\multicolumn{").append(tabularColumns()).append("}{@{}l}{\\footnotesize\\tablename~\\thetable, continued}\\\\\n");
        b.append(head).append("\\endhead\n\\bottomrule\n\\endfoot\n");
        appendRows(b);
        b.append("\\end{longtable}\n");
        if (!notes.isEmpty()) {
            b.append("{\\footnotesize\\raggedright\\noindent ").append(String.join("\\\\\n", notes)).append("\\par}\n");
        }
        return b.append("\\endgroup\n").toString();
    }

    private String separation() {
        return columnSeparation == null ? "" : "\\setlength{\\tabcolsep}{" + columnSeparation + "}";
    }

    private int tabularColumns() {
        return columns.stream().mapToInt(c -> c.kind() == Kind.PM ? 2 : 1).sum();
    }

    private void appendNotes(StringBuilder b) {
        if (!notes.isEmpty()) {
            // as wide as the table, but at least 70% of the line (so that a long legend still wraps) and at most the line
            b.append("\n\\medskip\n\\dimen0=\\wd0 \\ifdim\\dimen0<0.7\\linewidth \\dimen0=0.7\\linewidth\\fi\n")
                    .append("\\ifdim\\dimen0>\\linewidth \\dimen0=\\linewidth\\fi\n")
                    .append("\\noindent\\begin{minipage}{\\dimen0}\\footnotesize\\raggedright\n");
            b.append(String.join("\\\\\n", notes)).append("\n\\end{minipage}\n");
        }
    }

    private void appendRows(StringBuilder b) {
        for (int r = 0; r < rows.size(); r++) {
            if (r > 0 && (rules.contains(r) || headings.containsKey(r))) {
                b.append("\\midrule\n");
            }
            if (headings.containsKey(r)) {
                b.append("\\multicolumn{").append(tabularColumns()).append("}{@{}l}{").append(headings.get(r))
                        .append("} \\\\\n");
            }
            List<String> cells = new ArrayList<>();
            for (int c = 0; c < columns.size(); c++) {
                cells.add(cell(columns.get(c).kind(), rows.get(r).get(c)));
            }
            b.append(String.join(" & ", cells)).append(" \\\\\n");
        }
    }

    private String head() {
        return head(false);
    }

    /**
     * @param longtable whether the head is a longtable's: there an estimate's head sits over the estimate alone,
     *     since a head spanning the estimate and its half-width changes longtable's column widths between the
     *     first and the second run (it settles only in a third, with a "Rerun LaTeX" warning on the second)
     */
    private String head(boolean longtable) {
        List<String> head = new ArrayList<>();
        for (Column c : columns) {
            switch (c.kind()) {
                case NUMBER -> head.add("\\multicolumn{1}{c}{" + c.header() + "}");
                case PM -> head.add(longtable ? "\\multicolumn{1}{c}{" + c.header() + "} &"
                        : "\\multicolumn{2}{c}{" + c.header() + "}");
                default -> head.add(c.header());
            }
        }
        return String.join(" & ", head);
    }

    private String preamble() {
        StringBuilder b = new StringBuilder();
        for (int c = 0; c < columns.size(); c++) {
            Column col = columns.get(c);
            switch (col.kind()) {
                case NUMBER -> b.append(dcolumn(c, 0));
                case PM -> b.append(dcolumn(c, 0)).append("@{}>{${}\\pm{}}l<{$}");
                case WRAP -> b.append(">{\\raggedright\\arraybackslash}p{").append(col.width()).append('}');
                default -> b.append('l');
            }
        }
        return b.toString();
    }

    /** {@code D{.}{.}{l.r}} with the digits left and right of the point the column's numbers need. */
    private String dcolumn(int c, int part) {
        int left = 1;
        int right = 0;
        for (List<String> r : rows) {
            String x = r.get(c);
            if (x.isEmpty()) {
                continue;
            }
            if (columns.get(c).kind() == Kind.PM) {
                x = x.split("\\\\pm", 2)[part].strip();
            }
            String mantissa = x.replaceAll("\\\\times.*$", "");
            int dot = mantissa.indexOf('.');
            left = Math.max(left, dot < 0 ? mantissa.length() : dot);
            int frac = dot < 0 ? 0 : mantissa.length() - dot - 1;
            if (x.contains("\\times")) {
                frac += 4 + x.replaceAll("^.*\\^\\{|\\}$", "").length();
            }
            right = Math.max(right, frac);
        }
        return "D{.}{.}{" + left + "." + right + "}";
    }

    private static String cell(Kind kind, String x) {
        boolean empty = x == null || x.isBlank() || x.equals("--");
        return switch (kind) {
            case NUMBER -> empty ? "\\multicolumn{1}{c}{--}" : x;
            case PM -> {
                if (empty) {
                    yield "\\multicolumn{1}{c}{--} & \\multicolumn{1}{l}{}";
                }
                String[] p = x.split("\\\\pm", 2);
                yield p.length == 2 ? p[0].strip() + " & " + p[1].strip() : p[0].strip() + " & \\multicolumn{1}{l}{}";
            }
            case MATH -> empty ? "--" : "$" + x + "$";
            default -> empty ? "--" : x;
        };
    }

    /** Collects columns, rows, rules and notes. */
    public static final class Builder {
        private final String caption;
        private final String label;
        private final List<Column> columns = new ArrayList<>();
        private final List<List<String>> rows = new ArrayList<>();
        private final List<Integer> rules = new ArrayList<>();
        private final java.util.Map<Integer, String> headings = new java.util.HashMap<>();
        private final List<String> notes = new ArrayList<>();
        private boolean wide;
        private String size = "\\small";
        private String columnSeparation;

        private Builder(String caption, String label) {
            this.caption = caption;
            this.label = label;
        }

        /** Adds a left-aligned text column. */
        public Builder text(String header) {
            columns.add(new Column(header, Kind.TEXT, null));
            return this;
        }

        /** Adds a left-aligned math column. */
        public Builder math(String header) {
            columns.add(new Column(header, Kind.MATH, null));
            return this;
        }

        /** Adds a decimal-aligned number column. */
        public Builder number(String header) {
            columns.add(new Column(header, Kind.NUMBER, null));
            return this;
        }

        /** Adds an estimate ± half-width column (two tabular columns). */
        public Builder pm(String header) {
            columns.add(new Column(header, Kind.PM, null));
            return this;
        }

        /** Adds a ragged-right text column of the given width (e.g. {@code 4cm}). */
        public Builder wrap(String header, String width) {
            columns.add(new Column(header, Kind.WRAP, width));
            return this;
        }

        /** Adds a row: one LaTeX cell per column. */
        public Builder row(List<String> cells) {
            if (cells.size() != columns.size()) {
                throw new IllegalArgumentException("row has " + cells.size() + " cells for " + columns.size() + " columns");
            }
            rows.add(List.copyOf(cells.stream().map(c -> c == null ? "" : c).toList()));
            return this;
        }

        /** Adds a row. */
        public Builder row(String... cells) {
            return row(java.util.Arrays.asList(cells));
        }

        /** Draws a {@code \midrule} before the next row. */
        public Builder rule() {
            rules.add(rows.size());
            return this;
        }

        /**
         * Starts a group of rows under a heading that spans the table (text-mode LaTeX, e.g. the case the rows
         * share), after a {@code \\midrule} unless it is the first row.
         */
        public Builder heading(String latex) {
            headings.put(rows.size(), latex);
            return this;
        }

        /** Adds a line to the legend under the table (text-mode LaTeX). */
        public Builder note(String latex) {
            notes.add(latex);
            return this;
        }

        /** Marks the table as wide: its fragment is a {@code sidewaystable}, its document landscape. */
        public Builder wide() {
            this.wide = true;
            return this;
        }

        /** Sets the font size command ({@code \small} by default). */
        public Builder size(String command) {
            this.size = command;
            return this;
        }

        /** Sets half the space between columns, {@code \\tabcolsep} (LaTeX's 6pt by default), e.g. {@code 4pt}. */
        public Builder columnSeparation(String length) {
            this.columnSeparation = length;
            return this;
        }

        /** @return the table */
        public LatexTable build() {
            if (columns.isEmpty()) {
                throw new IllegalArgumentException("a table needs at least one column");
            }
            return new LatexTable(this);
        }
    }
}

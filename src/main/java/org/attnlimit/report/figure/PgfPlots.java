package org.attnlimit.report.figure;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.attnlimit.report.Latex;

/**
 * The pgfplots version of a {@link Figure}: a {@code tikzpicture} that reads the figure's CSV, so that an author
 * can {@code \input} it and get the paper's own fonts. It needs, in the preamble,
 * <pre>
 * &#92;usepackage{pgfplots}
 * &#92;usepgfplotslibrary{fillbetween}
 * \pgfplotsset{compat=1.16}
 * </pre>
 * and reads the CSV from the directory in {@code \attnlimitfigdata} (default: the current one), e.g.
 * {@code \newcommand{\attnlimitfigdata}{out/}} before the {@code \input}. The plot is {@code \linewidth} wide.
 */
public final class PgfPlots {
    private PgfPlots() {
    }

    /** @return the picture for {@code figure}, reading {@code csvName} */
    public static String picture(Figure figure, String csvName) {
        StringBuilder b = new StringBuilder();
        String title = figure.comments().isEmpty() ? csvName : figure.comments().get(0);
        b.append("% ").append(title.replace('\n', ' ')).append('\n')
                .append("% pgfplots figure reading ").append(csvName).append(" from \\attnlimitfigdata (default: the current directory).\n")
                .append("% Preamble: \\usepackage{pgfplots} \\usepgfplotslibrary{fillbetween} \\pgfplotsset{compat=1.16}\n")
                .append("\\providecommand{\\attnlimitfigdata}{}%\n")
                .append("\\begin{tikzpicture}\n");
        Map<Color, String> colours = new LinkedHashMap<>();
        for (Series s : figure.series()) {
            colours.computeIfAbsent(s.color(), c -> "attnlimitc" + colours.size());
        }
        colours.forEach((c, name) -> b.append(String.format(Locale.ROOT, "\\definecolor{%s}{RGB}{%d,%d,%d}%n", name,
                c.getRed(), c.getGreen(), c.getBlue())));
        List<String> options = new ArrayList<>(List.of("width=\\linewidth", "height=0.7\\linewidth",
                "xlabel={" + tex(figure.xLabel()) + "}", "ylabel={" + tex(figure.yLabel()) + "}",
                "tick label style={font=\\footnotesize}", "label style={font=\\small}",
                "legend style={font=\\scriptsize, fill opacity=0.85, text opacity=1, draw=black!30}",
                "legend cell align=left", "unbounded coords=jump", "grid=major", "major grid style={black!12}",
                "every axis plot/.append style={line join=round}"));
        if (figure.xLog()) {
            options.add("xmode=log");
            options.add("log basis x=10");
        }
        if (figure.yLog()) {
            options.add("ymode=log");
            options.add("log basis y=10");
        }
        if (figure.xTicks() != null) {
            StringBuilder t = new StringBuilder("xtick={");
            for (int i = 0; i < figure.xTicks().length; i++) {
                t.append(i > 0 ? "," : "").append(Axis.plain(figure.xTicks()[i]).replace('\u2212', '-'));
            }
            options.add(t.append('}').toString());
            // the labels as written (pgfplots' own fixed-point labels on a log axis round 1024 to 1020)
            options.add(t.toString().replace("xtick={", "xticklabels={"));
        }
        if (figure.yLog()) {
            // Under two decades pgfplots labels a log axis 10^{-1.5}, 10^{-2}, ...: take the PDF's 1, 2, 5 x 10^k ticks
            Axis y = Axis.of(FigureRenderer.values(figure, false), true, true, null, 4);
            if (y.labels().length >= 2 && !y.labels()[0].startsWith("10^")) {
                StringBuilder t = new StringBuilder();
                StringBuilder l = new StringBuilder();
                for (int i = 0; i < y.ticks().length; i++) {
                    t.append(i > 0 ? "," : "").append(Axis.plain(y.ticks()[i]));
                    l.append(i > 0 ? "," : "").append(y.labels()[i]);
                }
                options.add("ytick={" + t + "}");
                options.add("yticklabels={" + l + "}");
            }
        }
        if (!figure.xLog()) {
            options.add("enlarge x limits=false");
        }
        options.add(switch (figure.legend()) {
            case NORTH_EAST -> "legend pos=north east";
            case NORTH_WEST -> "legend pos=north west";
            case SOUTH_EAST -> "legend pos=south east";
            case SOUTH_WEST -> "legend pos=south west";
            case SOUTH -> "legend style={at={(0.5,0.03)}, anchor=south}";
            case ABOVE -> "legend style={at={(0.5,1.03)}, anchor=south, legend columns=2, draw=none, "
                    + "/tikz/column 2/.style={column sep=6pt}}";
            case NONE -> "legend style={draw=none}";
        });
        b.append("\\begin{axis}[\n");
        for (int i = 0; i < options.size(); i++) {
            b.append("  ").append(options.get(i)).append(i + 1 < options.size() ? ",\n" : "\n");
        }
        b.append("]\n");
        String source = "{\\attnlimitfigdata " + csvName + "}";
        String table = "col sep=comma, comment chars={\\#}";
        List<Series> ordered = new ArrayList<>(figure.series());
        ordered.sort(Comparator.comparingInt(s -> s.kind().layer()));
        int band = 0;
        for (Series s : ordered) {
            String colour = colours.get(s.color());
            String legend = s.name() == null || s.name().isEmpty() || figure.legend() == Figure.Legend.NONE
                    ? null : tex(s.name());
            switch (s.kind()) {
                case BAND -> {
                    String lo = "attnlimitband" + band + "lo";
                    String hi = "attnlimitband" + band++ + "hi";
                    b.append(String.format("\\addplot[draw=none, forget plot, name path=%s] table[%s, x=%s, y=%s] %s;%n",
                            lo, table, s.x(), s.y(), source));
                    b.append(String.format("\\addplot[draw=none, forget plot, name path=%s] table[%s, x=%s, y=%s] %s;%n",
                            hi, table, s.x(), s.extra(), source));
                    b.append(String.format("\\addplot[fill=%s, fill opacity=0.22, draw=none, area legend%s] "
                            + "fill between[of=%s and %s];%n", colour, legend == null ? ", forget plot" : "", hi, lo));
                }
                default -> {
                    String style = switch (s.kind()) {
                        case LIMIT -> "black, line width=1.2pt, no marks";
                        case DASHED -> colour + ", dashed, thick, no marks";
                        case LINE -> colour + ", thick, no marks";
                        case STEP -> colour + ", thick, no marks, const plot mark mid";
                        case POINTS -> colour + ", mark=*, mark size=1.3pt";
                        case ERROR_BARS -> colour + ", mark=*, mark size=1.3pt, error bars/.cd, y dir=both, y explicit";
                        default -> throw new IllegalStateException(s.kind().toString());
                    };
                    String columns = "x=" + s.x() + ", y=" + s.y()
                            + (s.kind() == Series.Kind.ERROR_BARS ? ", y error=" + s.extra() : "");
                    b.append(String.format("\\addplot[%s%s] table[%s, %s] %s;%n", style, legend == null ? ", forget plot" : "",
                            table, columns, source));
                }
            }
            if (legend != null) {
                // braced: pgfplots reads "\\to" in a bare legend entry as a path keyword
                b.append("\\addlegendentry{{").append(legend).append("}}\n");
            }
        }
        b.append("\\end{axis}\n\\end{tikzpicture}%\n");
        return b.toString();
    }

    /** @return plain text as LaTeX, Greek letters and symbols in math mode */
    static String tex(String text) {
        StringBuilder b = new StringBuilder();
        for (char c : text.toCharArray()) {
            switch (c) {
                case '\u2212' -> b.append("$-$");
                case 'Φ' -> b.append("$\\Phi$");
                case 'φ' -> b.append("$\\varphi$");
                case 'μ' -> b.append("$\\mu$");
                case 'ρ' -> b.append("$\\rho$");
                case 'λ' -> b.append("$\\lambda$");
                case '∝' -> b.append("$\\propto$");
                case '∈' -> b.append("$\\in$");
                case '₁' -> b.append("$_1$");
                case '₂' -> b.append("$_2$");
                case '∑', 'Σ' -> b.append("$\\Sigma$");
                default -> b.append(Latex.escapeText(String.valueOf(c)));
            }
        }
        return b.toString().replace("$$", "");
    }
}

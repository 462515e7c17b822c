package org.attnlimit.report.figure;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A figure described once, written by {@link FigureWriter} as CSV + PDF + PNG + pgfplots. It holds its data (named
 * columns, possibly of different lengths, with {@code #} comment lines saying how they were made — the title goes
 * there, not into the image) and the series drawn from them. Built with {@link #builder}:
 *
 * <pre>{@code
 * Figure f = Figure.builder("width n", "KS distance to the limit")
 *         .comments(List.of("Figure 1c: KS and W1, clip (c = 100), s = 4, H = 2", "seed: 11"))
 *         .column("width", widths).column("ks", ks).column("ks_se", se)
 *         .xLog().yLog().xTicks(widths)
 *         .errorBars("KS ± SE", "width", "ks", "ks_se", Palette.qualitative(0))
 *         .build();
 * FigureWriter.write(dir, "fig1c_ks_w1", f);
 * }</pre>
 *
 * @param xLabel the x-axis label (plain text; Greek letters and ² are typeset in the pgfplots file)
 * @param yLabel the y-axis label
 * @param xLog logarithmic x axis
 * @param yLog logarithmic y axis
 * @param xTicks explicit x tick positions (e.g. the plotted widths), or {@code null} for automatic ones
 * @param comments the data file's {@code #} lines (title, sizes, seeds)
 * @param headers the data columns' names
 * @param columns the data columns (NaN: a blank cell; on a log axis, values ≤ 0 are gaps too)
 * @param series what is drawn, in legend order
 * @param legend where the legend goes
 * @param dataFile the CSV's base name if the data are written under a name other than the figure's, else {@code null}
 */
public record Figure(String xLabel, String yLabel, boolean xLog, boolean yLog, double[] xTicks, List<String> comments,
        List<String> headers, List<double[]> columns, List<Series> series, Legend legend, String dataFile) {

    /**
     * Legend position: a corner or the bottom centre inside the plot area, {@code ABOVE} the plot in two columns
     * (for plots whose data fill every corner), or none.
     */
    public enum Legend {
        NORTH_EAST, NORTH_WEST, SOUTH_EAST, SOUTH_WEST, SOUTH, ABOVE, NONE
    }

    public Figure {
        Objects.requireNonNull(xLabel);
        Objects.requireNonNull(yLabel);
        comments = List.copyOf(comments);
        headers = List.copyOf(headers);
        columns = List.copyOf(columns);
        series = List.copyOf(series);
        if (headers.size() != columns.size()) {
            throw new IllegalArgumentException("figure data need one header per column");
        }
        for (Series s : series) {
            for (String c : Arrays.asList(s.x(), s.y(), s.extra())) {
                if (c != null && !headers.contains(c)) {
                    throw new IllegalArgumentException("series '" + s.name() + "' reads column '" + c
                            + "', which the figure's data do not have " + headers);
                }
            }
        }
    }

    /** @return the named data column */
    public double[] column(String name) {
        int i = headers.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no column " + name);
        }
        return columns.get(i);
    }

    /** @return a builder for a figure with these axis labels */
    public static Builder builder(String xLabel, String yLabel) {
        return new Builder(xLabel, yLabel);
    }

    /** Collects a figure's data and series. */
    public static final class Builder {
        private final String xLabel;
        private final String yLabel;
        private boolean xLog;
        private boolean yLog;
        private double[] xTicks;
        private List<String> comments = List.of();
        private final List<String> headers = new ArrayList<>();
        private final List<double[]> columns = new ArrayList<>();
        private final List<Series> series = new ArrayList<>();
        private Legend legend = Legend.NORTH_EAST;
        private String dataFile;

        private Builder(String xLabel, String yLabel) {
            this.xLabel = xLabel;
            this.yLabel = yLabel;
        }

        /** The data file's {@code #} lines: the title first, then sizes and seeds. */
        public Builder comments(List<String> lines) {
            this.comments = List.copyOf(lines);
            return this;
        }

        /** Adds a data column (written to the CSV in the order added). */
        public Builder column(String name, double[] values) {
            if (headers.contains(name)) {
                throw new IllegalArgumentException("duplicate column " + name);
            }
            headers.add(name);
            columns.add(values.clone());
            return this;
        }

        /** Adds data columns. */
        public Builder columns(List<String> names, List<double[]> values) {
            for (int i = 0; i < names.size(); i++) {
                column(names.get(i), values.get(i));
            }
            return this;
        }

        public Builder xLog() {
            xLog = true;
            return this;
        }

        public Builder yLog() {
            yLog = true;
            return this;
        }

        /** Ticks exactly at these x values (e.g. the widths the figure plots). */
        public Builder xTicks(double[] ticks) {
            this.xTicks = ticks.clone();
            return this;
        }

        public Builder legend(Legend position) {
            this.legend = position;
            return this;
        }

        /** Writes the data under {@code base}.csv instead of the figure's own name (the figure's name then keeps its own CSV). */
        public Builder dataFile(String base) {
            this.dataFile = base;
            return this;
        }

        public Builder series(Series s) {
            series.add(s);
            return this;
        }

        public Builder line(String name, String x, String y, Color color) {
            return series(new Series(Series.Kind.LINE, name, x, y, null, color));
        }

        public Builder dashed(String name, String x, String y, Color color) {
            return series(new Series(Series.Kind.DASHED, name, x, y, null, color));
        }

        public Builder points(String name, String x, String y, Color color) {
            return series(new Series(Series.Kind.POINTS, name, x, y, null, color));
        }

        public Builder errorBars(String name, String x, String y, String error, Color color) {
            return series(new Series(Series.Kind.ERROR_BARS, name, x, y, error, color));
        }

        public Builder band(String name, String x, String lower, String upper, Color color) {
            return series(new Series(Series.Kind.BAND, name, x, lower, upper, color));
        }

        public Builder step(String name, String x, String y, Color color) {
            return series(new Series(Series.Kind.STEP, name, x, y, null, color));
        }

        /** The limit curve: solid black, on top. */
        public Builder limit(String name, String x, String y) {
            return series(new Series(Series.Kind.LIMIT, name, x, y, null, Palette.LIMIT));
        }

        public Figure build() {
            return new Figure(xLabel, yLabel, xLog, yLog, xTicks, comments, headers, columns, series, legend, dataFile);
        }
    }
}

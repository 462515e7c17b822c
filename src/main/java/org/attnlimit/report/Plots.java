package org.attnlimit.report;

import java.nio.file.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** XChart figures in the layout of the paper's Figures 1–5, saved as PNG and SVG side by side. */
public final class Plots {
    private static final int WIDTH = 720;
    private static final int HEIGHT = 480;

    static {
        // ImageIO's default file cache registers a JVM shutdown hook on first use, which fails once
        // shutdown has begun — exactly when Ctrl-C asks us to write the figures finished so far.
        javax.imageio.ImageIO.setUseCache(false);
    }

    private Plots() {
    }

    /** @return an empty line chart with the paper-like style */
    public static XYChart chart(String title, String xLabel, String yLabel) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        c.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        c.getStyler().setPlotGridLinesVisible(true);
        c.getStyler().setMarkerSize(6);
        c.getStyler().setXAxisDecimalPattern("#0.###");
        return c;
    }

    /** Adds a curve without markers. */
    public static XYSeries line(XYChart c, String name, double[] x, double[] y) {
        XYSeries s = c.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        return s;
    }

    /** Adds a dashed reference curve (a limit density, a noise floor). */
    public static XYSeries dashed(XYChart c, String name, double[] x, double[] y) {
        XYSeries s = line(c, name, x, y);
        s.setLineStyle(new java.awt.BasicStroke(2f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER,
                10f, new float[] {6f, 4f}, 0f));
        return s;
    }

    /** Adds points joined by lines, with symmetric error bars (e.g. ±1 sd over trials). */
    public static XYSeries withErrorBars(XYChart c, String name, double[] x, double[] y, double[] err) {
        XYSeries s = c.addSeries(name, x, y, err);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.CIRCLE);
        return s;
    }

    /** Adds points joined by lines (for logarithmic axes, where error bars cannot cross zero). */
    public static XYSeries points(XYChart c, String name, double[] x, double[] y) {
        XYSeries s = c.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.CIRCLE);
        return s;
    }

    /** Adds a histogram drawn as a density step curve over bins {@code [edges[i], edges[i+1])}. */
    public static XYSeries histogram(XYChart c, String name, double[] centers, double[] density) {
        XYSeries s = c.addSeries(name, centers, density);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
        s.setMarker(SeriesMarkers.NONE);
        return s;
    }

    /** Saves {@code base.png} and {@code base.svg}. */
    public static void save(XYChart c, Path base) {
        roundLinearXAxis(c);
        readableLogAxes(c);
        AtomicFiles.write(Path.of(base + ".png"), out -> BitmapEncoder.saveBitmap(c, out, BitmapEncoder.BitmapFormat.PNG));
        AtomicFiles.write(Path.of(base + ".svg"),
                out -> VectorGraphicsEncoder.saveVectorGraphic(c, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG));
    }

    /**
     * XChart draws a grid line at every 2..9 of each decade of a log axis, labelled or not: a dense grid. Grid
     * lines across a log axis are switched off (its tick marks stay), and an axis spanning two decades or more is
     * labelled at its decades only.
     */
    private static void readableLogAxes(XYChart c) {
        boolean xLog = c.getStyler().isXAxisLogarithmic();
        boolean yLog = c.getStyler().isYAxisLogarithmic();
        c.getStyler().setPlotGridVerticalLinesVisible(!xLog);
        c.getStyler().setPlotGridHorizontalLinesVisible(!yLog);
        c.getStyler().setXAxisLogarithmicDecadeOnly(xLog && decades(c, true) >= 2);
        c.getStyler().setYAxisLogarithmicDecadeOnly(yLog && decades(c, false) >= 2);
    }

    /** @return log10(max / min) of the positive data on one axis */
    private static double decades(XYChart c, boolean xAxis) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (XYSeries series : c.getSeriesCollection()) {
            for (double v : xAxis ? series.getXData() : series.getYData()) {
                if (v > 0 && Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        return hi > 0 ? Math.log10(hi / lo) : 0;
    }

    /**
     * XChart places the first tick at the data minimum (ticks like -2.504, -2.116); rounding the ends
     * of a linear x-axis outwards to half-units gives ticks a reader can quote.
     */
    private static void roundLinearXAxis(XYChart c) {
        if (c.getStyler().isXAxisLogarithmic()) {
            return;
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (XYSeries series : c.getSeriesCollection()) {
            for (double x : series.getXData()) {
                lo = Math.min(lo, x);
                hi = Math.max(hi, x);
            }
        }
        if (lo < hi && Double.isFinite(lo) && Double.isFinite(hi)) {
            c.getStyler().setXAxisMin(Math.floor(2 * lo) / 2);
            c.getStyler().setXAxisMax(Math.ceil(2 * hi) / 2);
        }
    }
}

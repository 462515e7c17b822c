package org.attnlimit.report.figure;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Draws a {@link Figure} on any {@link Graphics2D} in points (1/72 in), at single-column width: 3.5 × 2.45 in, tick
 * labels at 7.5 pt, axis labels at 8.5 pt, legend at 7 pt — the sizes of a figure placed at 100% in a two-column
 * paper. The text font is Liberation Sans (metric-compatible with Arial, SIL Open Font Licence), read from
 * PDFBox's resources so that the PNG and the PDF (which embeds it) use the same glyphs and metrics.
 */
final class FigureRenderer {
    /** Figure size in points. */
    static final float WIDTH = 252f;
    static final float HEIGHT = 176f;
    /** PDFBox ships this font for its own substitutions; we embed it. */
    static final String FONT_RESOURCE = "/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf";

    private static final Font BASE = loadFont();
    private static final Font TICK = BASE.deriveFont(7.5f);
    private static final Font EXPONENT = BASE.deriveFont(5.5f);
    private static final Font LABEL = BASE.deriveFont(8.5f);
    private static final Font LEGEND = BASE.deriveFont(7f);
    private static final FontRenderContext FRC = new FontRenderContext(null, true, true);
    private static final Color GRID = new Color(0xE3, 0xE3, 0xE3);
    private static final float TICK_LENGTH = 3f;
    /** Legend row height and sample-line length. */
    private static final double ROW = 8.6;
    private static final double SAMPLE = 13;

    private final Figure f;
    private final Axis x;
    private final Axis y;
    private final Rectangle2D.Double plot;

    private FigureRenderer(Figure f) {
        this.f = f;
        this.x = Axis.of(values(f, true), f.xLog(), false, f.xTicks(), 5);
        this.y = Axis.of(values(f, false), f.yLog(), true, null, 4);
        double left = 4 + height(LABEL) + 4 + maxWidth(y) + TICK_LENGTH + 2;
        double bottom = 4 + height(LABEL) + 3 + height(TICK) + 3;
        double right = 6 + Math.max(0, lastLabelOverhang());
        double top = f.legend() == Figure.Legend.ABOVE ? 6 + legendRows() * ROW + 4 : 6;
        this.plot = new Rectangle2D.Double(left, top, WIDTH - left - right, HEIGHT - top - bottom);
    }

    /** The font of every figure (for callers that need to register it with a PDF). */
    static Font font() {
        return BASE;
    }

    /** Draws {@code f} on {@code g}, whose user space is in points with the origin at the top left. */
    static void render(Figure f, Graphics2D g) {
        new FigureRenderer(f).draw(g);
    }

    private static Font loadFont() {
        try (InputStream in = FigureRenderer.class.getResourceAsStream(FONT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("PDFBox's Liberation Sans is not on the class path: " + FONT_RESOURCE);
            }
            return Font.createFont(Font.TRUETYPE_FONT, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (FontFormatException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return every value the x (or y) axis must show: the series' data, error-bar ends and band edges */
    static double[] values(Figure f, boolean xAxis) {
        List<Double> out = new ArrayList<>();
        for (Series s : f.series()) {
            if (xAxis) {
                for (double v : f.column(s.x())) {
                    out.add(v);
                }
                continue;
            }
            double[] yy = f.column(s.y());
            double[] e = s.extra() == null ? null : f.column(s.extra());
            for (int i = 0; i < yy.length; i++) {
                if (s.kind() == Series.Kind.ERROR_BARS && e != null && i < e.length && Double.isFinite(e[i])) {
                    out.add(yy[i] + e[i]);
                    out.add(yy[i] - e[i]);
                } else {
                    out.add(yy[i]);
                }
            }
            if (s.kind() == Series.Kind.BAND) {
                for (double v : e) {
                    out.add(v);
                }
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double width(String s, Font font) {
        return font.getStringBounds(s, FRC).getWidth();
    }

    private static double height(Font font) {
        return font.getSize2D() * 0.72;
    }

    private static double labelWidth(String label) {
        if (label.startsWith("10^")) {
            return width("10", TICK) + width(label.substring(3).replace('-', '\u2212'), EXPONENT) + 0.5;
        }
        return width(label, TICK);
    }

    private static double maxWidth(Axis a) {
        double w = 0;
        for (String l : a.labels()) {
            w = Math.max(w, labelWidth(l));
        }
        return w;
    }

    private double lastLabelOverhang() {
        if (x.ticks().length == 0) {
            return 0;
        }
        int last = x.ticks().length - 1;
        double fromEnd = 1 - x.unit(x.ticks()[last]);
        return labelWidth(x.labels()[last]) / 2 - fromEnd * 200;
    }

    private double px(double v) {
        return plot.x + x.unit(v) * plot.width;
    }

    private double py(double v) {
        return plot.y + (1 - y.unit(v)) * plot.height;
    }

    private void draw(Graphics2D g) {
        g.setColor(Color.WHITE);
        g.fill(new Rectangle2D.Double(0, 0, WIDTH, HEIGHT));
        grid(g);
        Shape clip = g.getClip();
        g.clip(plot);
        List<Series> ordered = new ArrayList<>(f.series());
        ordered.sort(Comparator.comparingInt(s -> s.kind().layer()));
        for (Series s : ordered) {
            series(g, s);
        }
        g.setClip(clip);
        frame(g);
        legend(g);
    }

    private void grid(Graphics2D g) {
        g.setStroke(new BasicStroke(0.4f));
        g.setColor(GRID);
        for (double t : x.ticks()) {
            g.draw(new Line2D.Double(px(t), plot.y, px(t), plot.y + plot.height));
        }
        for (double t : y.ticks()) {
            g.draw(new Line2D.Double(plot.x, py(t), plot.x + plot.width, py(t)));
        }
    }

    private void frame(Graphics2D g) {
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(0.6f));
        g.draw(plot);
        g.setStroke(new BasicStroke(0.5f));
        for (double t : x.minor()) {
            g.draw(new Line2D.Double(px(t), plot.y + plot.height, px(t), plot.y + plot.height - TICK_LENGTH / 2));
        }
        for (double t : y.minor()) {
            g.draw(new Line2D.Double(plot.x, py(t), plot.x + TICK_LENGTH / 2, py(t)));
        }
        double baseline = plot.y + plot.height + 3 + height(TICK);
        double lastRight = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < x.ticks().length; i++) {
            double t = x.ticks()[i];
            g.draw(new Line2D.Double(px(t), plot.y + plot.height, px(t), plot.y + plot.height - TICK_LENGTH));
            double w = labelWidth(x.labels()[i]);
            double left = px(t) - w / 2;
            if (left > lastRight + 3) {
                // a label that would touch its left neighbour is left out (its tick stays)
                tickLabel(g, x.labels()[i], left, baseline);
                lastRight = left + w;
            }
        }
        double lastTop = Double.POSITIVE_INFINITY;
        for (int i = 0; i < y.ticks().length; i++) {
            double t = y.ticks()[i];
            g.draw(new Line2D.Double(plot.x, py(t), plot.x + TICK_LENGTH, py(t)));
            double mid = py(t);
            double h = height(TICK) + (y.labels()[i].startsWith("10^") ? 2 : 0);
            if (mid + h / 2 < lastTop - 2) {
                tickLabel(g, y.labels()[i], plot.x - 3 - labelWidth(y.labels()[i]), mid + height(TICK) / 2);
                lastTop = mid - h / 2;
            }
        }
        g.setFont(LABEL);
        g.drawString(f.xLabel(), (float) (plot.getCenterX() - width(f.xLabel(), LABEL) / 2), HEIGHT - 4);
        AffineTransform saved = g.getTransform();
        g.translate(4 + height(LABEL), plot.getCenterY() + width(f.yLabel(), LABEL) / 2);
        g.rotate(-Math.PI / 2);
        g.drawString(f.yLabel(), 0f, 0f);
        g.setTransform(saved);
    }

    private static void tickLabel(Graphics2D g, String label, double left, double baseline) {
        if (label.startsWith("10^")) {
            g.setFont(TICK);
            g.drawString("10", (float) left, (float) baseline);
            g.setFont(EXPONENT);
            g.drawString(label.substring(3).replace('-', '\u2212'), (float) (left + width("10", TICK) + 0.5),
                    (float) (baseline - 3.2));
        } else {
            g.setFont(TICK);
            g.drawString(label, (float) left, (float) baseline);
        }
    }

    private static BasicStroke stroke(Series.Kind kind) {
        return switch (kind) {
            case LIMIT -> new BasicStroke(1.4f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
            case DASHED -> new BasicStroke(0.9f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {3f, 2f}, 0f);
            case POINTS, ERROR_BARS -> new BasicStroke(0.7f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
            default -> new BasicStroke(0.9f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
        };
    }

    private boolean drawable(double[] xs, double[] ys, int i) {
        return i < xs.length && i < ys.length && x.accepts(xs[i]) && y.accepts(ys[i]);
    }

    private void series(Graphics2D g, Series s) {
        double[] xs = f.column(s.x());
        double[] ys = f.column(s.y());
        g.setColor(s.color());
        g.setStroke(stroke(s.kind()));
        switch (s.kind()) {
            case BAND -> band(g, xs, ys, f.column(s.extra()), s.color());
            case STEP -> g.draw(steps(xs, ys));
            default -> {
                g.draw(polyline(xs, ys));
                if (s.kind() == Series.Kind.POINTS || s.kind() == Series.Kind.ERROR_BARS) {
                    double[] e = s.extra() == null ? null : f.column(s.extra());
                    for (int i = 0; i < xs.length; i++) {
                        if (!drawable(xs, ys, i)) {
                            continue;
                        }
                        if (e != null && i < e.length && Double.isFinite(e[i])) {
                            errorBar(g, xs[i], ys[i], e[i]);
                        }
                        g.fill(marker(px(xs[i]), py(ys[i])));
                    }
                }
            }
        }
    }

    private void errorBar(Graphics2D g, double xv, double yv, double e) {
        double top = py(yv + e);
        double bottom = y.accepts(yv - e) ? py(yv - e) : plot.y + plot.height;
        double cx = px(xv);
        g.draw(new Line2D.Double(cx, top, cx, bottom));
        g.draw(new Line2D.Double(cx - 1.6, top, cx + 1.6, top));
        if (y.accepts(yv - e)) {
            g.draw(new Line2D.Double(cx - 1.6, bottom, cx + 1.6, bottom));
        }
    }

    private static Shape marker(double cx, double cy) {
        return new Ellipse2D.Double(cx - 1.8, cy - 1.8, 3.6, 3.6);
    }

    /** A path through the drawable points; a point that cannot be drawn breaks it. */
    private Path2D polyline(double[] xs, double[] ys) {
        Path2D.Double p = new Path2D.Double();
        boolean open = false;
        for (int i = 0; i < Math.max(xs.length, ys.length); i++) {
            if (!drawable(xs, ys, i)) {
                open = false;
                continue;
            }
            if (open) {
                p.lineTo(px(xs[i]), py(ys[i]));
            } else {
                p.moveTo(px(xs[i]), py(ys[i]));
                open = true;
            }
        }
        return p;
    }

    /** A histogram outline over equally wide bins centred at {@code xs}; a missing bin is a gap. */
    private Path2D steps(double[] xs, double[] ys) {
        Path2D.Double p = new Path2D.Double();
        if (xs.length < 2) {
            return p;
        }
        double half = (xs[1] - xs[0]) / 2;
        boolean open = false;
        for (int i = 0; i < Math.min(xs.length, ys.length); i++) {
            if (!drawable(xs, ys, i) || !x.accepts(xs[i] - half) || !x.accepts(xs[i] + half)) {
                open = false;
                continue;
            }
            double a = px(xs[i] - half);
            double b = px(xs[i] + half);
            double h = py(ys[i]);
            if (open) {
                p.lineTo(a, h);
            } else {
                p.moveTo(a, h);
                open = true;
            }
            p.lineTo(b, h);
        }
        return p;
    }

    private void band(Graphics2D g, double[] xs, double[] lower, double[] upper, Color color) {
        g.setColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 56));
        int n = Math.min(xs.length, Math.min(lower.length, upper.length));
        int start = 0;
        while (start < n) {
            while (start < n && !(drawable(xs, lower, start) && drawable(xs, upper, start))) {
                start++;
            }
            int end = start;
            while (end < n && drawable(xs, lower, end) && drawable(xs, upper, end)) {
                end++;
            }
            if (end - start >= 1) {
                Path2D.Double p = new Path2D.Double();
                p.moveTo(px(xs[start]), py(lower[start]));
                for (int i = start + 1; i < end; i++) {
                    p.lineTo(px(xs[i]), py(lower[i]));
                }
                for (int i = end - 1; i >= start; i--) {
                    p.lineTo(px(xs[i]), py(upper[i]));
                }
                p.closePath();
                g.fill(p);
                if (end - start == 1) {
                    g.setStroke(new BasicStroke(2.5f));
                    g.draw(p);
                }
            }
            start = end;
        }
    }

    private List<Series> legendEntries() {
        return f.series().stream().filter(s -> s.name() != null && !s.name().isEmpty()).toList();
    }

    private int legendRows() {
        return (legendEntries().size() + 1) / 2;
    }

    private void legend(Graphics2D g) {
        List<Series> entries = legendEntries();
        if (f.legend() == Figure.Legend.NONE || entries.isEmpty()) {
            return;
        }
        if (f.legend() == Figure.Legend.ABOVE) {
            // two columns over the plot's width, outside it
            double columnWidth = plot.width / 2;
            for (int i = 0; i < entries.size(); i++) {
                double left = plot.x + (i % 2) * columnWidth;
                double cy = 5 + (i / 2) * ROW + ROW / 2;
                entry(g, entries.get(i), left, cy);
            }
            return;
        }
        double textW = 0;
        for (Series s : entries) {
            textW = Math.max(textW, width(s.name(), LEGEND));
        }
        double w = 3 + SAMPLE + 3 + textW + 3;
        double h = 2 + ROW * entries.size() + 1;
        Figure.Legend p = f.legend();
        boolean east = p == Figure.Legend.NORTH_EAST || p == Figure.Legend.SOUTH_EAST;
        boolean north = p == Figure.Legend.NORTH_EAST || p == Figure.Legend.NORTH_WEST;
        double left = p == Figure.Legend.SOUTH ? plot.getCenterX() - w / 2 : east ? plot.x + plot.width - 4 - w : plot.x + 4;
        double top = north ? plot.y + 4 : plot.y + plot.height - 4 - h;
        Rectangle2D.Double box = new Rectangle2D.Double(left, top, w, h);
        g.setColor(new Color(255, 255, 255, 225));
        g.fill(box);
        g.setColor(new Color(0xB0, 0xB0, 0xB0));
        g.setStroke(new BasicStroke(0.4f));
        g.draw(box);
        for (int i = 0; i < entries.size(); i++) {
            entry(g, entries.get(i), left + 3, top + 2 + ROW * i + ROW / 2);
        }
    }

    /** One legend entry: its sample at {@code x0}, its name after it, centred on {@code cy}. */
    private void entry(Graphics2D g, Series s, double x0, double cy) {
        g.setColor(s.color());
        if (s.kind() == Series.Kind.BAND) {
            g.setColor(new Color(s.color().getRed(), s.color().getGreen(), s.color().getBlue(), 56));
            g.fill(new Rectangle2D.Double(x0, cy - 2.5, SAMPLE, 5));
        } else {
            g.setStroke(stroke(s.kind()));
            g.draw(new Line2D.Double(x0, cy, x0 + SAMPLE, cy));
            if (s.kind() == Series.Kind.POINTS || s.kind() == Series.Kind.ERROR_BARS) {
                g.fill(marker(x0 + SAMPLE / 2, cy));
            }
        }
        g.setColor(Color.BLACK);
        g.setFont(LEGEND);
        g.drawString(s.name(), (float) (x0 + SAMPLE + 3), (float) (cy + height(LEGEND) / 2));
    }
}

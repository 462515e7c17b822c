package org.attnlimit.report;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.attnlimit.stats.Interval;
import org.attnlimit.stats.PowerLawFit;
import org.attnlimit.study.CorrectionFit;
import org.attnlimit.study.StudyResult;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/**
 * The figures of a study ({@code attnlimit study}), rendered from its result only: the distances to the limit
 * law against the width (log–log, 95% error bars, noise floors dashed, fitted rates), and the variance and the
 * excess kurtosis against {@code 1000/n} with their fits {@code m_∞ + b/n (+ c/n²)} and the limit law's value.
 */
public final class StudyFigure {
    private static final int CURVE_POINTS = 60;
    private static final java.awt.Color[] COLORS = {new java.awt.Color(0x1f77b4), new java.awt.Color(0xd62728),
        new java.awt.Color(0x2ca02c)};

    private StudyFigure() {
    }

    /** Writes {@code study-distances}, {@code study-variance} and {@code study-kurtosis} (.png, .svg) to {@code dir}. */
    public static void write(Path dir, StudyResult r) {
        Plots.save(distances(r), dir.resolve("study-distances"));
        Plots.save(moment(r, "variance", "variance"), dir.resolve("study-variance"));
        Plots.save(moment(r, "excess_kurtosis", "excess kurtosis"), dir.resolve("study-kurtosis"));
    }

    private static XYChart distances(StudyResult r) {
        XYChart c = Plots.chart("Distance to the limit law: " + r.target().shortName(), "width n", "distance");
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setYAxisLogarithmic(true);
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        double[] n = widths(r);
        String[] labels = {"KS", "W1", "KDE-KL"};
        for (int k = 0; k < StudyResult.DISTANCES.size(); k++) {
            String d = StudyResult.DISTANCES.get(k);
            double[] y = new double[n.length];
            double[] err = new double[n.length];
            double[] floor = new double[n.length];
            boolean positive = true;
            for (int i = 0; i < n.length; i++) {
                StudyResult.Width w = r.widths().get(i);
                y[i] = w.distance(d);
                floor[i] = w.floor(d);
                Interval iv = w.interval(d);
                // symmetric bars on a log axis must stay above zero: the 95% half-width, capped at 90% of the value
                err[i] = iv == null ? 0 : Math.min(0.9 * y[i], iv.halfWidth());
                positive &= y[i] > 0 && floor[i] > 0;
            }
            if (!positive) {
                continue;
            }
            PowerLawFit f = r.rate(d);
            String name = labels[k] + (f == null ? "" : String.format(Locale.ROOT, " (fit n^%.2f)", f.slope()));
            java.awt.Color color = COLORS[k];
            XYSeries measured = Plots.withErrorBars(c, name, n, y, err);
            measured.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            measured.setMarkerColor(color);
            measured.setLineColor(color);
            Plots.dashed(c, labels[k] + " noise floor", n, floor).setLineColor(color);
            if (f != null) {
                double[] line = new double[n.length];
                for (int i = 0; i < n.length; i++) {
                    line[i] = Math.exp(f.intercept()) * Math.pow(n[i], f.slope());
                }
                Plots.line(c, labels[k] + " fit", n, line).setLineColor(color);
            }
        }
        return c;
    }

    private static XYChart moment(StudyResult r, String name, String label) {
        XYChart c = Plots.chart(label + " against 1/n: " + r.target().shortName(), "1000 / n", label);
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        int k = r.widths().size();
        double[] x = new double[k];
        double[] y = new double[k];
        double[] err = new double[k];
        double xmax = 0;
        for (int i = 0; i < k; i++) {
            StudyResult.Width w = r.widths().get(i);
            x[i] = 1000.0 / w.width();
            double[] m = w.moment(name);
            y[i] = m[0];
            err[i] = CorrectionFit.Z95 * m[1];
            xmax = Math.max(xmax, x[i]);
        }
        Plots.withErrorBars(c, "measured (95% bars)", x, y, err).setXYSeriesRenderStyle(
                XYSeries.XYSeriesRenderStyle.Scatter);
        double lim = r.limitMoment(name);
        Plots.dashed(c, String.format(Locale.ROOT, "limit law %.5g", lim), new double[] {0, xmax}, new double[] {lim, lim});
        for (int terms = 2; terms <= 3; terms++) {
            CorrectionFit f = r.correction(name, terms);
            if (f == null) {
                continue;
            }
            double[] cx = new double[CURVE_POINTS + 1];
            double[] cy = new double[CURVE_POINTS + 1];
            for (int j = 0; j <= CURVE_POINTS; j++) {
                cx[j] = xmax * j / CURVE_POINTS;
                cy[j] = f.at(cx[j] == 0 ? Double.POSITIVE_INFINITY : 1000.0 / cx[j]);
            }
            double[] ci = f.interval(0);
            Plots.line(c, String.format(Locale.ROOT, "fit m_inf + b/n%s: m_inf = %.4g [%.4g, %.4g]",
                    terms == 3 ? " + c/n^2" : "", f.coefficients()[0], ci[0], ci[1]), cx, cy);
        }
        return c;
    }

    private static double[] widths(StudyResult r) {
        List<StudyResult.Width> ws = r.widths();
        double[] n = new double[ws.size()];
        for (int i = 0; i < n.length; i++) {
            n[i] = ws.get(i).width();
        }
        return n;
    }
}

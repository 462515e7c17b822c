package org.attnlimit.report;

import org.attnlimit.experiment.WidthStudy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.attnlimit.finite.LayerSpec;
import org.attnlimit.limit.LimitReference;
import org.attnlimit.stats.KernelDensity;
import org.knowm.xchart.XYChart;

/** The figures and CSV files of one width study (Figures 1, 3, 4, 5 (a) densities and (b) log-KL). */
final class ReproduceReportFigures {
    private static final int GRID = 401;

    private ReproduceReportFigures() {
    }

    /** Mean and sd over trials of one width's distances. */
    record Summary(int width, int heads, int trials, double meanLogKl, double sdLogKl, double meanKl, double meanKs,
            double meanW1, double meanLogFloorKl, double floorKs, double floorW1) {
    }

    /** Figure (a): KDE of trial 1 at each layer, with the limit density(ies) dashed. */
    static void densities(Path dir, String base, String title, WidthStudy.Result r, IntFunction<String> label,
            List<String> provenance) {
        double sd = Math.sqrt(r.limits().get(0).variance());
        double[] x = KernelDensity.linspace(-4 * sd, 4 * sd, GRID);
        XYChart c = Plots.chart(title, "y", "density");
        List<String> headers = new ArrayList<>(List.of("y"));
        List<double[]> columns = new ArrayList<>(List.of(x));
        LimitReference lastLimit = null;
        Map<String, double[]> limitCurves = new LinkedHashMap<>();
        for (int i = 0; i < r.firstTrial().size(); i++) {
            double[] y = r.firstTrial().get(i);
            double[] kde = KernelDensity.estimate(y, x, KernelDensity.scottBandwidth(y));
            Plots.line(c, label.apply(i), x, kde);
            headers.add("kde_" + label.apply(i).replace(' ', '_').replace("=", ""));
            columns.add(kde);
            LimitReference limit = r.limits().get(i);
            if (limit != lastLimit) {
                double[] pdf = new double[GRID];
                for (int k = 0; k < GRID; k++) {
                    pdf[k] = limit.table().pdf(x[k]);
                }
                String name = "limit" + (r.limits().size() > 1 && r.limits().get(0) != r.limits().get(1)
                        ? " H=" + r.layers().get(i).heads() : "");
                limitCurves.put(name, pdf);
                lastLimit = limit;
            }
        }
        // The limit curves go on last, so that the finite-width curves do not hide them.
        limitCurves.forEach((name, pdf) -> {
            Plots.dashed(c, name, x, pdf);
            headers.add(name.replace(' ', '_').replace("=", ""));
            columns.add(pdf);
        });
        Csv.write(dir.resolve(base + ".csv"), provenance, headers, columns);
        Plots.save(c, dir.resolve(base));
    }

    /** Figure (b): mean log-KL against width with ±1 sd over trials, the noise floor dashed; CSV of all trials. */
    static List<Summary> klVersusWidth(Path dir, String base, String title, String xLabel, WidthStudy.Result r,
            boolean byHeads, List<String> provenance) {
        List<List<String>> rows = new ArrayList<>();
        for (WidthStudy.Trial t : r.trials()) {
            rows.add(List.of(Integer.toString(t.width()), Integer.toString(t.heads()), Integer.toString(t.trial()),
                    Csv.format(t.klKde()), Csv.format(t.ks()), Csv.format(t.w1()), Csv.format(t.floorKl()),
                    Csv.format(t.floorKs()), Csv.format(t.floorW1())));
        }
        Csv.writeRows(dir.resolve(base + ".csv"), provenance, List.of("width", "heads", "trial", "kl_kde", "ks", "w1",
                "floor_kl_kde", "floor_ks", "floor_w1"), rows);
        List<Summary> summaries = summarise(r);
        int m = summaries.size();
        double[] x = new double[m];
        double[] mean = new double[m];
        double[] sd = new double[m];
        double[] floor = new double[m];
        for (int i = 0; i < m; i++) {
            Summary s = summaries.get(i);
            x[i] = byHeads ? s.heads() : s.width();
            mean[i] = s.meanLogKl();
            sd[i] = s.sdLogKl();
            floor[i] = s.meanLogFloorKl();
        }
        XYChart c = Plots.chart(title, xLabel, "log KL (KDE, as in the paper)");
        c.getStyler().setXAxisLogarithmic(true);
        Plots.withErrorBars(c, "mean log KL ± 1 sd", x, mean, sd);
        Plots.dashed(c, "noise floor (limit vs limit)", x, floor);
        Plots.save(c, dir.resolve(base));
        return summaries;
    }

    /** Figure (c): mean KS and W1 against width, log–log, with their noise floors. */
    static void distances(Path dir, String base, String title, List<Summary> summaries, List<String> provenance) {
        int m = summaries.size();
        double[] x = new double[m];
        double[][] y = new double[4][m];
        for (int i = 0; i < m; i++) {
            Summary s = summaries.get(i);
            x[i] = s.width();
            y[0][i] = s.meanKs();
            y[1][i] = s.floorKs();
            y[2][i] = s.meanW1();
            y[3][i] = s.floorW1();
        }
        XYChart c = Plots.chart(title, "width n", "distance to the limit");
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setYAxisLogarithmic(true);
        Plots.points(c, "KS", x, y[0]);
        Plots.dashed(c, "KS floor", x, y[1]);
        Plots.points(c, "W1", x, y[2]);
        Plots.dashed(c, "W1 floor", x, y[3]);
        Plots.save(c, dir.resolve(base));
        Csv.write(dir.resolve(base + ".csv"), provenance, List.of("width", "ks_mean", "ks_floor", "w1_mean", "w1_floor"),
                List.of(x, y[0], y[1], y[2], y[3]));
    }

    static List<Summary> summarise(WidthStudy.Result r) {
        List<Summary> out = new ArrayList<>();
        for (LayerSpec layer : r.layers()) {
            List<WidthStudy.Trial> ts = r.trials().stream().filter(t -> t.width() == layer.width()).toList();
            if (ts.isEmpty()) {
                continue;
            }
            double[] logKl = ts.stream().mapToDouble(t -> Math.log(t.klKde())).toArray();
            double mean = mean(logKl);
            double ss = 0;
            for (double v : logKl) {
                ss += (v - mean) * (v - mean);
            }
            double sd = ts.size() > 1 ? Math.sqrt(ss / (ts.size() - 1)) : 0;
            out.add(new Summary(layer.width(), layer.heads(), ts.size(), mean, sd,
                    ts.stream().mapToDouble(WidthStudy.Trial::klKde).average().orElseThrow(),
                    ts.stream().mapToDouble(WidthStudy.Trial::ks).average().orElseThrow(),
                    ts.stream().mapToDouble(WidthStudy.Trial::w1).average().orElseThrow(),
                    ts.stream().mapToDouble(t -> Math.log(t.floorKl())).average().orElseThrow(),
                    ts.stream().mapToDouble(WidthStudy.Trial::floorKs).average().orElseThrow(),
                    ts.stream().mapToDouble(WidthStudy.Trial::floorW1).average().orElseThrow()));
        }
        return out;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }
}

package org.attnlimit.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.attnlimit.experiment.WidthStudy;
import org.attnlimit.experiment.WidthSummary;
import org.attnlimit.report.figure.Figure;
import org.attnlimit.report.figure.FigureWriter;
import org.attnlimit.report.figure.Palette;

/**
 * The figures and CSV files of one width study (Figures 1, 3, 4, 5: (a) densities, (b) log-KL, (c) KS and W1),
 * drawn from {@link WidthSummary}'s numbers: renders only.
 */
final class ReproduceReportFigures {

    private ReproduceReportFigures() {
    }

    /** Figure (a): KDE of trial 1 at each layer (sequential colours by n or H), the limit in solid black on top. */
    static void densities(Path dir, String base, WidthSummary.Densities d, List<String> provenance) {
        Figure.Builder f = Figure.builder("output y", "density").comments(provenance).column("y", d.y());
        int m = d.labels().size();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            String column = "kde_" + d.labels().get(i).replace(' ', '_').replace("=", "");
            f.column(column, d.kdes().get(i));
            names.add(column);
        }
        boolean oneLimit = d.limits().size() == 1;
        List<String> limitColumns = new ArrayList<>();
        d.limits().forEach((name, pdf) -> {
            String column = name.replace(' ', '_').replace("=", "");
            f.column(column, pdf);
            limitColumns.add(column);
        });
        for (int i = 0; i < m; i++) {
            f.line(d.labels().get(i).replace("=", " = "), "y", names.get(i), Palette.sequential(i, m));
        }
        int k = 0;
        for (String name : d.limits().keySet()) {
            if (oneLimit) {
                f.limit("limit", "y", limitColumns.get(k));
            } else {
                // one limit per head count: dashed in its layer's colour (the limit depends on H)
                f.dashed(name.replace("=", " = "), "y", limitColumns.get(k), Palette.sequential(k, m));
            }
            k++;
        }
        FigureWriter.write(dir, base, f.build());
    }

    /**
     * Figure (b): mean log-KL against n (or H) with ±1 sd over trials, the noise floor as the range of its per-trial
     * values with its mean dashed; the CSV of all trials under {@code base.csv}, the plotted means under
     * {@code base_summary.csv}.
     */
    static void klVersusWidth(Path dir, String base, String xLabel, WidthStudy.Result r, List<WidthSummary.Summary> summaries,
            boolean byHeads, List<String> provenance) {
        List<List<String>> rows = new ArrayList<>();
        for (WidthStudy.Trial t : r.trials()) {
            rows.add(List.of(Integer.toString(t.width()), Integer.toString(t.heads()), Integer.toString(t.trial()),
                    Csv.format(t.klKde()), Csv.format(t.ks()), Csv.format(t.w1()), Csv.format(t.floorKl()),
                    Csv.format(t.floorKs()), Csv.format(t.floorW1())));
        }
        Csv.writeRows(dir.resolve(base + ".csv"), provenance, List.of("width", "heads", "trial", "kl_kde", "ks", "w1",
                "floor_kl_kde", "floor_ks", "floor_w1"), rows);
        int m = summaries.size();
        double[][] c = new double[6][m];
        for (int i = 0; i < m; i++) {
            WidthSummary.Summary s = summaries.get(i);
            c[0][i] = byHeads ? s.heads() : s.width();
            c[1][i] = s.meanLogKl();
            c[2][i] = s.sdLogKl();
            c[3][i] = s.meanLogFloorKl();
            c[4][i] = s.minLogFloorKl();
            c[5][i] = s.maxLogFloorKl();
        }
        List<String> comments = new ArrayList<>(provenance);
        comments.add("per width: mean and sd over trials of log KL; the noise floor's mean and range over trials ("
                + "every trial in " + base + ".csv)");
        String x = byHeads ? "heads" : "width";
        Figure f = Figure.builder(xLabel, "log KL (KDE, as in the paper)").comments(comments)
                .columns(List.of(x, "log_kl_mean", "log_kl_sd", "log_floor_mean", "log_floor_min", "log_floor_max"),
                        List.of(c))
                .xLog().xTicks(c[0]).dataFile(base + "_summary")
                .legend(Figure.Legend.ABOVE)
                .band("noise floor (range)", x, "log_floor_min", "log_floor_max", Palette.REFERENCE)
                .dashed(null, x, "log_floor_mean", Palette.REFERENCE)
                .errorBars("mean log KL ± sd", x, "log_kl_mean", "log_kl_sd", Palette.qualitative(0))
                .build();
        FigureWriter.write(dir, base, f);
    }

    /** Figure (c): mean KS and W1 against n, log–log, ± their SE over trials, and their floors as ranges over trials. */
    static void distances(Path dir, String base, List<WidthSummary.Summary> summaries, List<String> provenance) {
        int m = summaries.size();
        double[][] y = new double[12][m];
        for (int i = 0; i < m; i++) {
            WidthSummary.Summary s = summaries.get(i);
            double[] row = {s.width(), s.meanKs(), s.floorKs(), s.meanW1(), s.floorW1(), s.heads(), s.ksSe(), s.w1Se(),
                s.minFloorKs(), s.maxFloorKs(), s.minFloorW1(), s.maxFloorW1()};
            for (int k = 0; k < row.length; k++) {
                y[k][i] = row[k];
            }
        }
        List<String> comments = new ArrayList<>(provenance);
        comments.add("ks_se, w1_se: sd over trials / sqrt(trials); *_floor_min, *_floor_max: range of the per-trial floors "
                + "(the figure's bands; dashed: their mean)");
        Figure f = Figure.builder("width n", "distance to the limit").comments(comments)
                .columns(List.of("width", "ks_mean", "ks_floor", "w1_mean", "w1_floor", "heads", "ks_se", "w1_se",
                        "ks_floor_min", "ks_floor_max", "w1_floor_min", "w1_floor_max"), List.of(y))
                .xLog().yLog().xTicks(y[0])
                .legend(Figure.Legend.ABOVE)
                .band("KS noise floor", "width", "ks_floor_min", "ks_floor_max", Palette.qualitative(0))
                .dashed(null, "width", "ks_floor", Palette.qualitative(0))
                .band("W1 noise floor", "width", "w1_floor_min", "w1_floor_max", Palette.qualitative(1))
                .dashed(null, "width", "w1_floor", Palette.qualitative(1))
                .errorBars("KS ± SE", "width", "ks_mean", "ks_se", Palette.qualitative(0))
                .errorBars("W1 ± SE", "width", "w1_mean", "w1_se", Palette.qualitative(1))
                .build();
        FigureWriter.write(dir, base, f);
    }
}

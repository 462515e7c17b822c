package org.attnlimit.report;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.attnlimit.experiment.ConvergenceRate;
import org.attnlimit.experiment.CoupledLimitDistance;
import org.attnlimit.stats.PowerLawFit;
import org.attnlimit.experiment.ReproduceConfig;
import org.attnlimit.report.figure.Figure;
import org.attnlimit.report.figure.FigureWriter;
import org.attnlimit.report.figure.Palette;

/**
 * The convergence rate beyond the paper's widths: the exact KS and W1 distances of the Figure 1 layer
 * from its limit, by conditioning and coupling ({@link CoupledLimitDistance}), at every width up to the
 * largest extended one, and the fitted exponent of {@code distance ∝ n^b}. Renders only: the numbers
 * come from {@link ConvergenceRate}.
 */
final class ReproduceReportRate {
    private ReproduceReportRate() {
    }

    static void run(Path out, ReproduceConfig cfg, StringBuilder md, PrintWriter log) {
        ConvergenceRate.Result rate = ConvergenceRate.run(cfg.allWidths(), cfg.coupledSamples(), cfg.threads(),
                cfg.cancellation(), line -> {
                    log.println("reproduce: rate " + line);
                    log.flush();
                });
        List<CoupledLimitDistance.Result> results = rate.points();
        if (rate.ks() == null) {
            return;
        }
        int m = results.size();
        double[][] cols = new double[9][m];
        for (int i = 0; i < m; i++) {
            CoupledLimitDistance.Result r = results.get(i);
            double[] row = {r.width(), r.ks(), r.ksSe(), r.w1(), r.w1Se(), r.varianceGap(), r.varianceGapSe(),
                r.fourthMomentGap(), r.fourthMomentGapSe()};
            for (int c = 0; c < row.length; c++) {
                cols[c][i] = row[c];
            }
        }
        PowerLawFit ks = rate.ks();
        PowerLawFit w1 = rate.w1();
        Figure f = Figure.builder("width n", "distance to the limit (coupled)")
                .comments(List.of("Figure 1d: coupled distance to the limit, clip (c = 100), s = 4, H = 2",
                        String.format(Locale.ROOT, "samples: %d coupled pairs per width", cfg.coupledSamples()),
                        "seed: 77 + n at width n",
                        "ks_fit, w1_fit: the fitted power laws (widths where the distance exceeds 3 SE, n >= 64)"))
                .columns(List.of("width", "ks", "ks_se", "w1", "w1_se", "variance_gap", "variance_gap_se",
                        "fourth_moment_gap", "fourth_moment_gap_se"), List.of(cols))
                .column("ks_fit", line(ks, cols[0])).column("w1_fit", line(w1, cols[0]))
                .xLog().yLog().xTicks(cols[0]).legend(Figure.Legend.SOUTH_WEST)
                .errorBars("KS ± SE", "width", "ks", "ks_se", Palette.qualitative(0))
                .dashed(String.format(Locale.ROOT, "KS fit n^%.2f", ks.slope()), "width", "ks_fit", Palette.qualitative(0))
                .errorBars("W1 ± SE", "width", "w1", "w1_se", Palette.qualitative(1))
                .dashed(String.format(Locale.ROOT, "W1 fit n^%.2f", w1.slope()), "width", "w1_fit", Palette.qualitative(1))
                .build();
        FigureWriter.write(out, "fig1d_rate", f);
        md.append("## Convergence rate beyond the paper's widths (Figure 1 layer)\n\n")
                .append(ReproduceReport.link("fig1d_rate")).append("\n\n")
                .append(String.format(Locale.ROOT, "The sample-based distances above reach their noise floor by "
                        + "n ≈ 1024. Conditioning on everything but the values makes both laws Gaussian scale mixtures, "
                        + "so F_n − F_∞ is an average of Φ(x/√V_n) − Φ(x/√V_∞) over %d coupled draws per width "
                        + "(common score noise), with standard errors of order (nM)^{-1/2}: see "
                        + "`CoupledLimitDistance`.%n%n", cfg.coupledSamples()))
                .append("| n | KS ± SE | W1 ± SE | Var_n − Var_∞ ± SE | E y⁴ gap ± SE |\n|---|---|---|---|---|\n");
        for (CoupledLimitDistance.Result r : results) {
            md.append(String.format(Locale.ROOT, "| %d | %.3e ± %.1e | %.3e ± %.1e | %.2e ± %.1e | %.2e ± %.1e |%n",
                    r.width(), r.ks(), r.ksSe(), r.w1(), r.w1Se(), r.varianceGap(), r.varianceGapSe(),
                    r.fourthMomentGap(), r.fourthMomentGapSe()));
        }
        md.append(String.format(Locale.ROOT, "%nFitted rates over the widths where the distance exceeds 3 SE, "
                + "n ≥ 64 (95%% t-intervals of the log–log slope): **KS ∝ n^%.3f [%.3f, %.3f]** (%d widths), "
                + "**W1 ∝ n^%.3f [%.3f, %.3f]** (%d widths). Data: `fig1d_rate.csv`.%n%n",
                ks.slope(), ks.slopeInterval().lower(), ks.slopeInterval().upper(), ks.points(),
                w1.slope(), w1.slopeInterval().lower(), w1.slopeInterval().upper(), w1.points()));
        log.printf(Locale.ROOT, "reproduce: rate KS slope %.3f [%.3f, %.3f], W1 slope %.3f [%.3f, %.3f]%n",
                ks.slope(), ks.slopeInterval().lower(), ks.slopeInterval().upper(),
                w1.slope(), w1.slopeInterval().lower(), w1.slopeInterval().upper());
    }

    private static double[] line(PowerLawFit f, double[] n) {
        double[] y = new double[n.length];
        for (int i = 0; i < n.length; i++) {
            y[i] = Math.exp(f.intercept() + f.slope() * Math.log(n[i]));
        }
        return y;
    }
}

package org.attnlimit.report;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.attnlimit.experiment.PaperFigures;
import org.attnlimit.experiment.ProgramConvergence;
import org.attnlimit.experiment.ReproduceConfig;
import org.attnlimit.report.figure.Figure;
import org.attnlimit.report.figure.FigureWriter;
import org.attnlimit.report.figure.Palette;

/**
 * A figure beyond the paper: convergence to the limit (Theorem 3.1, Corollary 3.2) of an architecture the
 * paper did not simulate, sigmoid attention ({@code theory/programs/sigmoid-attention.netsor},
 * {@code y = Σ_j σ(p_1j) u_j}), straight from its program: KS and W1 distances of the simulated output
 * (Gaussian conditioning, exact in law) to its limit law at widths up to the largest extended one,
 * beside their noise floors ({@link PaperFigures#sigmoid}, {@link ProgramConvergence}). Renders only.
 */
final class ReproduceReportProgram {
    private static final String ID = "fig6_sigmoid";

    private ReproduceReportProgram() {
    }

    static void run(Path out, ReproduceConfig cfg, StringBuilder md, PrintWriter log) {
        PaperFigures.SigmoidStudy study = PaperFigures.sigmoid(cfg, line -> {
            log.println("reproduce: sigmoid attention " + line);
            log.flush();
        });
        if (study.skipped() != null) {
            log.println("reproduce: skipped the sigmoid-attention figure: " + study.skipped());
            return;
        }
        List<ProgramConvergence.Point> points = study.points();
        if (points.isEmpty()) {
            return;
        }
        String program = PaperFigures.SIGMOID_PROGRAM.toString().replace('\\', '/');
        long seed = PaperFigures.SIGMOID_SEED;
        int samples = cfg.samples();
        int m = points.size();
        double[][] cols = new double[14][m];
        for (int i = 0; i < m; i++) {
            ProgramConvergence.Point p = points.get(i);
            double[] row = {p.width(), p.ks(), p.ksFloor(), p.w1(), p.w1Floor(), p.variance(), p.varianceSe(), p.seconds(),
                p.ksFloorMin(), p.ksFloorMax(), p.w1FloorMin(), p.w1FloorMax(), p.ksSe(), p.w1Se()};
            for (int c = 0; c < row.length; c++) {
                cols[c][i] = row[c];
            }
        }
        List<String> provenance = List.of("Sigmoid attention from " + program + ", output "
                + PaperFigures.SIGMOID_OUTPUT + "_1: distance to the limit law of Theorem 3.1 by width",
                String.format(Locale.ROOT, "%d samples per width (Gaussian conditioning, exact in law); seed %d: width n"
                        + " draws with seed %d + 7919 n, its noise-floor limit sample with seed %d xor (0x5EED0000 + n)",
                        samples, seed, seed, seed),
                String.format(Locale.ROOT, "*_floor_min, *_floor_max: range over %d limit samples (the first is *_floor; "
                        + "the k-th has the floor seed + 104729 (k - 1))", ProgramConvergence.FLOOR_DRAWS),
                String.format(Locale.ROOT, "ks_se, w1_se: bootstrap standard errors (%d resamples of the width's sample, "
                        + "seed %d xor (0x%X + n))", ProgramConvergence.BOOTSTRAP, seed, ProgramConvergence.BOOTSTRAP_SEED));
        Figure f = Figure.builder("width n", "distance to the limit").comments(provenance)
                .columns(List.of("width", "ks", "ks_floor", "w1", "w1_floor", "variance", "variance_se", "seconds",
                        "ks_floor_min", "ks_floor_max", "w1_floor_min", "w1_floor_max", "ks_se", "w1_se"), List.of(cols))
                .xLog().yLog().xTicks(cols[0])
                .legend(Figure.Legend.ABOVE)
                .band("KS noise floor (" + ProgramConvergence.FLOOR_DRAWS + " draws)", "width", "ks_floor_min",
                        "ks_floor_max", Palette.qualitative(0))
                .band("W1 noise floor (" + ProgramConvergence.FLOOR_DRAWS + " draws)", "width", "w1_floor_min",
                        "w1_floor_max", Palette.qualitative(1))
                .errorBars("KS ± SE (bootstrap)", "width", "ks", "ks_se", Palette.qualitative(0))
                .errorBars("W1 ± SE (bootstrap)", "width", "w1", "w1_se", Palette.qualitative(1))
                .build();
        FigureWriter.write(out, ID, f);
        md.append("## Beyond the paper: sigmoid attention from its program\n\n")
                .append(ReproduceReport.link(ID)).append("\n\n")
                .append(String.format(Locale.ROOT, "`%s`: y = Σ_j σ(p_1j) u_j over s = 3 tokens, inputs as in Appendix B.1. "
                        + "%d realisations per width by Gaussian conditioning (exact in law, no n×n matrix; "
                        + "`theory/conditioning-sampler.md`), against the limit law of Theorem 3.1 (%s). "
                        + "Limit variance %.6f. Error bars: ± one bootstrap SE (%d resamples of each width's sample). "
                        + "The bands are each floor's range over %d independent limit samples.%n%n",
                        program, samples, study.method(), study.limitVariance(), ProgramConvergence.BOOTSTRAP,
                        ProgramConvergence.FLOOR_DRAWS))
                .append("| n | KS ± SE | KS floor | W1 ± SE | W1 floor | Var y ± SE | seconds |\n|---|---|---|---|---|---|---|\n");
        for (ProgramConvergence.Point p : points) {
            md.append(String.format(Locale.ROOT, "| %d | %.2e ± %.1e | %.2e | %.2e ± %.1e | %.2e | %.4f ± %.4f | %.1f |%n",
                    p.width(), p.ks(), p.ksSe(), p.ksFloor(), p.w1(), p.w1Se(), p.w1Floor(), p.variance(), p.varianceSe(),
                    p.seconds()));
        }
        List<Integer> resolved = points.stream().filter(p -> p.ks() > 2 * p.ksFloor()).map(ProgramConvergence.Point::width).toList();
        md.append(resolved.isEmpty()
                ? "\nKS is within twice its noise floor at every width: the finite-width law is indistinguishable from the limit at this sample size."
                : "\nKS is resolved above twice its noise floor at n ∈ " + resolved + "; elsewhere it sits at the floor.")
                .append(" Data: `").append(ID).append(".csv`.\n\n");
    }
}

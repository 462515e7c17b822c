package org.attnlimit.verify;

import java.util.ArrayList;
import java.util.List;
import org.attnlimit.calculus.InvalidInputException;
import org.attnlimit.finite.ProgramSampling;
import org.attnlimit.finite.ProgramSimulator;
import org.attnlimit.limit.Law;
import org.attnlimit.program.Program;
import org.attnlimit.random.ParallelSampler;
import org.attnlimit.random.SampleStreams;
import org.attnlimit.stats.KolmogorovSmirnov;
import org.attnlimit.stats.Moments;

/**
 * Theorem 3.1 / Corollary 3.2 on a program output whose limit law has <b>no density</b> to tabulate (atoms, e.g.
 * ReLU-weighted attention, exactly 0 when every score is negative; or no density formula, e.g. a sigmoid gate
 * {@code prod(sigmoid(g), attend(…))}). The finite-width simulation needs no density: coordinate 1 of the output,
 * simulated exactly by Gaussian conditioning ({@link ProgramSampling}), is compared with the law by its moments
 * and, as a distribution, with a sample of the limit law's own hierarchical sampler ({@link Law#sampler}).
 *
 * <p>Rows per width: the two-sample Kolmogorov–Smirnov distance {@code sup_t |F_n(t) − G_M(t)|} between the
 * {@code m} finite-width realisations and {@code M = 4m} limit draws, with the critical value
 * {@code √(−ln(α/2)/2 · (m+M)/(mM))} at α = 1e-6 (Smirnov's bound; with ties at an atom the statistic's null law is
 * stochastically smaller, so the test stays conservative); the mean and the variance against the law's, each
 * within {@code z·SE} of the simulation (z = 4.9) plus the law's own error. Checks at the largest width if it is at
 * least {@link Settings#LIMIT_WIDTH}, trends below. Under {@code --perturb EPS} the law is that of
 * {@code (1+EPS) Z^h}: its draws are scaled, its moments moved by {@code EPS} times their scale.
 */
public final class ProgramSampleLawCheck implements Check {
    private static final double ALPHA = 1e-6;
    /** Limit draws per finite-width realisation (the limit sample's own noise is then a fifth of the KS budget). */
    private static final int LIMIT_FACTOR = 4;
    private final String label;
    private final Program program;
    private final String output;
    private final Law law;
    private final String why;

    /**
     * @param label the program's name in the rows
     * @param program the program
     * @param output the vector whose coordinate 1 is checked
     * @param law its limit law (Theorem 3.1)
     * @param why why it has no density to tabulate (said in the note)
     */
    public ProgramSampleLawCheck(String label, Program program, String output, Law law, String why) {
        this.label = label;
        this.program = program;
        this.output = output;
        this.law = law;
        this.why = why;
    }

    @Override
    public String name() {
        return "program-law";
    }

    @Override
    public String statement() {
        return "Theorem 3.1, Corollary 3.2";
    }

    @Override
    public String claim() {
        return "coordinate 1 of a simulated .netsor output h -> Z^h in distribution (law without a density: moments and"
                + " a two-sample KS test against draws of the limit law)";
    }

    @Override
    public CheckResult run(Settings settings) {
        int minWidth = ProgramSampling.minimumWidth(program);
        ProgramSampling sampling = ProgramSampling.of(program, ProgramSimulator.Method.EXACT, List.of(output));
        List<CheckResult.Row> rows = new ArrayList<>();
        String name = label + " " + output + "_1";
        double eps = settings.perturb();
        double factor = settings.lawFactor();
        double limitMean = law.mean().value();
        double limitVar = law.variance().value();
        double limitSd = Math.sqrt(limitVar);
        int count = 0;
        int limitCount = 0;
        double[] limit = null;
        double[] claimed = null;
        for (int n : settings.widths()) {
            if (n < minWidth) {
                continue;
            }
            boolean last = settings.judgesLimit(n);
            CheckResult.Kind kind = last ? CheckResult.Kind.CHECK : CheckResult.Kind.ILLUSTRATION;
            String small = last ? "" : " (trend: illustration)";
            count = settings.drawsAt(n);
            if (limit == null || limit.length != LIMIT_FACTOR * count) {
                // The limit's draws depend on the seed only (chunked streams), never on the thread count.
                limit = law.sample(LIMIT_FACTOR * count, new ParallelSampler(settings.seed() * 1_000_003L + 0x5EED,
                        ParallelSampler.DEFAULT_CHUNK, settings.threads()));
                claimed = Power.scaled(limit, factor);
                limitCount = limit.length;
            }
            double critical = KolmogorovSmirnov.twoSampleCritical(count, limitCount, ALPHA);
            SampleStreams streams = new SampleStreams(settings.seed() * 1_000_003L + 977L * n + 13, settings.threads());
            double[] y = sampling.sample(n, count, streams, null);
            double ks = KolmogorovSmirnov.twoSampleDistance(y, claimed);
            double ks0 = eps == 0 ? ks : KolmogorovSmirnov.twoSampleDistance(y, limit);
            rows.add(CheckResult.Row.of(kind, name, "KS two-sample(h_1, draws of Z^h)" + small, n, ks, critical, 0, 0,
                    ks <= critical, 1, Power.ksScaleMdd(limit, critical + ks0)));
            // Moments: the simulation's z·SE plus the law's own error (both are honest errors of what is compared).
            Moments m = Moments.of(y);
            double meanHalf = Settings.Z * Math.sqrt(m.variance() / y.length) + law.mean().error();
            double varHalf = Settings.Z * m.varianceSe() + law.variance().error();
            if (last) {
                rows.add(CheckResult.Row.check(name, "E[h_1]", n, m.mean(), meanHalf, limitMean, 0, limitSd, eps));
                rows.add(CheckResult.Row.check(name, "Var h_1", n, m.variance(), varHalf, limitVar, 0, limitVar, eps));
            } else {
                rows.add(CheckResult.Row.illustration(name, "E[h_1]" + small, n, m.mean(), meanHalf, limitMean, 0, limitSd));
                rows.add(CheckResult.Row.illustration(name, "Var h_1" + small, n, m.variance(), varHalf, limitVar, 0,
                        limitVar));
            }
            settings.progress().accept(name() + ": n = " + n + " done");
        }
        if (rows.isEmpty()) {
            throw new InvalidInputException("every width is below the " + minWidth + " vectors one matrix of "
                    + label + " multiplies");
        }
        String note = "the limit law has no density to tabulate (" + why + "): compared by its moments and by a two-sample"
                + " Kolmogorov-Smirnov test against " + limitCount + " draws of its own hierarchical sampler (Theorem 3.1);"
                + " Gaussian-conditioning simulation (exact in law), " + count + " realisations at the largest width;"
                + " limit: " + law.method().description() + "; KS (alpha = 1e-6), mean and variance are checks at the"
                + " largest width if it is >= " + Settings.LIMIT_WIDTH + " (Settings.LIMIT_WIDTH), the other rows show"
                + " the trend";
        return CheckResult.of(this, Settings.LEVEL + "; two-sample KS critical value at alpha = 1e-6", rows, note);
    }
}

package org.attnlimit.verify;

import org.attnlimit.calculus.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import org.attnlimit.limit.LimitReference;
import org.attnlimit.limit.ProgramOutputLimit;
import org.attnlimit.finite.ProgramSampling;
import org.attnlimit.finite.ProgramSimulator;
import org.attnlimit.program.Program;
import org.attnlimit.random.SampleStreams;
import org.attnlimit.stats.KolmogorovSmirnov;
import org.attnlimit.stats.Moments;
import org.attnlimit.stats.Wasserstein;

/**
 * Theorem 3.1 / Corollary 3.2 on any Netsor program: coordinate 1 of an output vector {@code h}, simulated
 * at growing widths by Gaussian conditioning ({@link ProgramSampling}, exact in law), against the limit
 * law of {@code Z^h} ({@link ProgramOutputLimit}).
 *
 * <p>Rows per width: the one-sample KS distance {@code sup_t |F_n(t) − F(t)|} with the DKW critical value
 * {@code √(ln(2/α)/(2m))}, α = 1e-6, for {@code m} realisations, and the mean and variance (± z·SE, z = 4.9)
 * beside their limits — checks at the largest width if it is at least {@link Settings#LIMIT_WIDTH}, where
 * the theorem says the finite-width law is closest (no finite-width bound is proven for a general program,
 * so smaller widths show the trend); W1 to the limit CDF as an illustration. Under {@code verify --perturb
 * EPS} the limit law is that of {@code (1+EPS) Z^h} and its moments move by {@code EPS} times their scale;
 * each row states its minimum detectable deviation ({@link Power#ksScaleMdd} for KS).
 */
public final class ProgramLawCheck implements Check {
    private static final double ALPHA = 1e-6;
    private final String label;
    private final Program program;
    private final String output;
    private final LimitReference limit;

    /**
     * @param label the program's name in the rows
     * @param program the program
     * @param output the vector whose coordinate 1 is checked
     */
    public ProgramLawCheck(String label, Program program, String output) {
        this(label, program, output, ProgramOutputLimit.of(program, output));
    }

    /** A check against a claimed limit law (to see a wrong one fail). */
    ProgramLawCheck(String label, Program program, String output, LimitReference claimed) {
        this.label = label;
        this.program = program;
        this.output = output;
        this.limit = claimed;
    }

    /**
     * @return the output checked when none is named: the last vector of the program whose limit law has a
     *     density to tabulate, else the last whose law is known without one; empty if none is
     */
    public static java.util.Optional<String> defaultOutput(Program program) {
        List<String> vectors = program.vectors();
        String withoutDensity = null;
        for (int i = vectors.size() - 1; i >= 0; i--) {
            try {
                ProgramOutputLimit.of(program, vectors.get(i));
                return java.util.Optional.of(vectors.get(i));
            } catch (ProgramOutputLimit.NoDensity e) {
                // a limit law without a density: checked by its moments and draws if no later choice has one
                withoutDensity = withoutDensity == null ? vectors.get(i) : withoutDensity;
            } catch (IllegalArgumentException e) {
                // no limit law for this one; try the previous vector
            }
        }
        return java.util.Optional.ofNullable(withoutDensity);
    }

    /**
     * The checks {@code verify --program} runs: Proposition D.1 on the scores (if any) and Theorem 3.1 /
     * Corollary 3.2 on {@code output} (or on {@link #defaultOutput} when it is {@code null}).
     */
    public static List<Check> forProgram(String label, Program program, String output) {
        List<Check> checks = new ArrayList<>();
        if (!program.scores().isEmpty()) {
            checks.add(new ProgramScoresCheck(label, program));
        }
        String chosen = output != null ? output : defaultOutput(program).orElse(null);
        if (chosen != null) {
            try {
                checks.add(new ProgramLawCheck(label, program, chosen));
            } catch (ProgramOutputLimit.NoDensity e) {
                // Finite-width simulation needs no density: the law's moments and its own sampler are compared.
                checks.add(new ProgramSampleLawCheck(label, program, chosen, e.law(), e.getMessage()));
            }
        }
        if (checks.isEmpty()) {
            throw new InvalidInputException("program " + label + " has no score and no vector with a known limit law to check");
        }
        return checks;
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
        return "coordinate 1 of a simulated .netsor output h -> Z^h in distribution";
    }

    @Override
    public CheckResult run(Settings settings) {
        int minWidth = ProgramSampling.minimumWidth(program);
        ProgramSampling sampling = ProgramSampling.of(program, ProgramSimulator.Method.EXACT, List.of(output));
        List<CheckResult.Row> rows = new ArrayList<>();
        String name = label + " " + output + "_1";
        double eps = settings.perturb();
        double factor = settings.lawFactor();
        double limitMean = limit instanceof ProgramOutputLimit p ? p.mean() : 0.0;
        double limitSd = Math.sqrt(limit.variance());
        java.util.function.DoubleUnaryOperator cdf = limit.table()::cdf;
        // Under --perturb EPS the limit law is that of (1 + EPS) Z^h: CDF F(x / (1 + EPS)).
        java.util.function.DoubleUnaryOperator claimed = x -> cdf.applyAsDouble(x / factor);
        int count = 0;
        for (int n : settings.widths()) {
            if (n < minWidth) {
                continue;
            }
            boolean last = settings.judgesLimit(n);
            // As many realisations as the other O(n) draws (Settings.drawsAt): 20 000 in the quick run, where
            // the DKW critical value is 0.019 and a 20% change of the law's scale is seen (see the MDD column).
            count = settings.drawsAt(n);
            double critical = Math.sqrt(Math.log(2 / ALPHA) / (2.0 * count));
            SampleStreams streams = new SampleStreams(settings.seed() * 1_000_003L + 977L * n + 13, settings.threads());
            double[] y = sampling.sample(n, count, streams, null);
            double ks = KolmogorovSmirnov.distance(y, claimed);
            double ks0 = eps == 0 ? ks : KolmogorovSmirnov.distance(y, cdf);
            double mdd = Power.ksScaleMdd(cdf, Power.quantileGrid(y, 2000), critical + ks0);
            rows.add(CheckResult.Row.of(last ? CheckResult.Kind.CHECK : CheckResult.Kind.ILLUSTRATION, name,
                    "KS(h_1, Z^h)" + (last ? "" : " (trend: illustration)"), n, ks, critical, 0, 0, ks <= critical, 1, mdd));
            rows.add(CheckResult.Row.illustration(name, "W1(h_1, Z^h) (illustration)", n,
                    Wasserstein.distance(y, cdf, limit.table().lower(), limit.table().upper()), 0, Double.NaN, 0, Double.NaN));
            // Moments converge with the law here (bounded weights, Gaussian given the scores); no finite-width
            // bound is proven for a general program, so they are checks only where the limit is judged
            // (n >= Settings.LIMIT_WIDTH, biases O(1/n) below the intervals). Scale: the limit's sd for the
            // mean (also where the mean is 0), the limit variance for the variance.
            Moments m = Moments.of(y);
            double meanHalf = Settings.Z * Math.sqrt(m.variance() / y.length);
            double varHalf = Settings.Z * m.varianceSe();
            if (last) {
                rows.add(CheckResult.Row.check(name, "E[h_1]", n, m.mean(), meanHalf, limitMean, 0, limitSd, eps));
                rows.add(CheckResult.Row.check(name, "Var h_1", n, m.variance(), varHalf, limit.variance(), 0,
                        limit.variance(), eps));
            } else {
                rows.add(CheckResult.Row.illustration(name, "E[h_1] (trend: illustration)", n, m.mean(), meanHalf,
                        limitMean, 0, limitSd));
                rows.add(CheckResult.Row.illustration(name, "Var h_1 (trend: illustration)", n, m.variance(), varHalf,
                        limit.variance(), 0, limit.variance()));
            }
            settings.progress().accept(name() + ": n = " + n + " done");
        }
        if (rows.isEmpty()) {
            throw new InvalidInputException("every width is below the " + minWidth + " vectors one matrix of "
                    + label + " multiplies");
        }
        String note = "Gaussian-conditioning simulation (exact in law), " + count + " realisations at the largest width;"
                + " limit: " + limit.method() + "; KS (DKW, alpha = 1e-6), mean and variance are checks at the largest"
                + " width if it is >= " + Settings.LIMIT_WIDTH + " (Settings.LIMIT_WIDTH), the other rows show the trend";
        return CheckResult.of(this, Settings.LEVEL + "; DKW critical value at alpha = 1e-6", rows, note);
    }
}

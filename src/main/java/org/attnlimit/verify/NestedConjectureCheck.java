package org.attnlimit.verify;

import org.attnlimit.calculus.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.attnlimit.finite.GramSampler;
import org.attnlimit.finite.ProgramSampling;
import org.attnlimit.finite.ProgramSimulator;
import org.attnlimit.limit.Estimate;
import org.attnlimit.limit.nested.NestedLaw;
import org.attnlimit.program.Program;
import org.attnlimit.random.SampleStreams;
import org.attnlimit.stats.KolmogorovSmirnov;
import org.attnlimit.stats.Moments;
import org.attnlimit.stats.PowerLawFit;
import org.attnlimit.stats.TabulatedLaw;
import org.hipparchus.special.Erf;

/**
 * The nested-conditioning <b>conjecture</b> (beyond Theorem 3.1) on a program that stacks attention: coordinate
 * 1 of an output, simulated exactly at finite width by Gaussian conditioning ({@link ProgramSampling}),
 * against the conjectured law ({@link NestedLaw}) — and, to show the comparison has power, against two wrong
 * laws that must be <b>rejected</b> at the same widths: the "unconditional" alternative (scores of levels ≥ 2
 * Gaussian with the averaged covariance, independent of the scores above: {@link NestedLaw#unconditional}) and
 * the Gaussian with the conjecture's mean and variance.
 *
 * <p>Rows per width: one-sample KS distances to the three laws with the DKW critical value
 * {@code √(ln(2/α)/(2m))} (α = 1e-6) plus the tabulated law's CDF error; at the judged width (the largest, if
 * ≥ {@link Settings#LIMIT_WIDTH}) the conjecture's KS, mean, variance and excess kurtosis are checks (each with
 * its minimum detectable deviation) and the alternatives' KS are checks that pass when the distance
 * <i>exceeds</i> the critical value; smaller widths show the trend. A final illustration row gives the fitted
 * rate {@code KS ∝ n^b} (slope with its 95% interval) over the widths whose distance is above twice the noise
 * floor {@code 0.87/√m}.
 */
public final class NestedConjectureCheck implements Check {
    private static final double ALPHA = 1e-6;
    private static final int GRID = 401;
    private final String label;
    private final Program program;
    private final String output;
    private final double lawFactor;
    private final double tol;

    /**
     * @param label the program's name in the rows
     * @param program a program beyond Theorem 3.1
     * @param output the vector whose coordinate 1 is checked
     */
    public NestedConjectureCheck(String label, Program program, String output) {
        this(label, program, output, 1.0, 5e-3);
    }

    /** With the conjecture's law scaled by {@code lawFactor} (a deliberately wrong law, for the tests). */
    NestedConjectureCheck(String label, Program program, String output, double lawFactor, double tol) {
        if (!NestedLaw.appliesTo(program)) {
            throw new IllegalArgumentException(label + " is within Theorem 3.1: use the program-law check");
        }
        this.label = label;
        this.program = program;
        this.output = output;
        this.lawFactor = lawFactor;
        this.tol = tol;
    }

    /** @return the checks of {@code verify --program} for a program beyond Theorem 3.1 */
    public static List<Check> forProgram(String label, Program program, String output) {
        String chosen = output;
        if (chosen == null) {
            List<String> v = program.vectors();
            chosen = v.get(v.size() - 1);
        }
        return List.of(new NestedConjectureCheck(label, program, chosen));
    }

    @Override
    public String name() {
        return "program-conjecture";
    }

    @Override
    public String statement() {
        return NestedLaw.LABEL;
    }

    @Override
    public String claim() {
        return "coordinate 1 of a simulated deep-attention output -> the nested-conditioning law; the unconditional"
                + " alternative and the Gaussian are rejected";
    }

    /** A law tabulated for KS: its CDF on a grid with the largest error of the table. */
    private record Table(TabulatedLaw law, double error) {
    }

    private Table table(NestedLaw law, double factor) {
        var m = law.moments(output);
        double sd = Math.sqrt(m.variance());
        double lo = m.mean() - 12 * sd;
        double hi = m.mean() + 12 * sd;
        double[] x = new double[GRID];
        double[] raw = new double[GRID];
        for (int i = 0; i < GRID; i++) {
            x[i] = lo + (hi - lo) * i / (GRID - 1);
            raw[i] = x[i] / factor;
        }
        Estimate[] cdf = law.cdf(output, raw);
        Estimate[] pdf = law.pdf(output, raw);
        double[] c = new double[GRID];
        double[] p = new double[GRID];
        double err = 0;
        for (int i = 0; i < GRID; i++) {
            c[i] = Math.min(1, Math.max(i == 0 ? 0 : c[i - 1], cdf[i].value()));
            p[i] = pdf[i].value() / factor;
            err = Math.max(err, cdf[i].error());
        }
        c[0] = 0;
        c[GRID - 1] = 1;
        return new Table(new TabulatedLaw(x, c, p), err);
    }

    private static Table gaussian(double mean, double sd, TabulatedLaw like) {
        double[] x = like.x();
        double[] c = new double[x.length];
        double[] p = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double u = (x[i] - mean) / sd;
            c[i] = 0.5 * Erf.erfc(-u / Math.sqrt(2));
            p[i] = Math.exp(-0.5 * u * u) / (sd * Math.sqrt(2 * Math.PI));
        }
        c[0] = 0;
        c[x.length - 1] = 1;
        return new Table(new TabulatedLaw(x, c, p), 0);
    }

    private static double separation(TabulatedLaw a, TabulatedLaw b) {
        double d = 0;
        for (double t : a.x()) {
            d = Math.max(d, Math.abs(a.cdf(t) - b.cdf(t)));
        }
        return d;
    }

    @Override
    public CheckResult run(Settings settings) {
        List<String> out = List.of(output);
        NestedLaw conj = NestedLaw.of(program, out, tol, 30, settings.threads());
        NestedLaw unc = NestedLaw.unconditional(program, out, tol, 30, settings.threads());
        NestedLaw avg = NestedLaw.averagedKernel(program, out, tol, 30, settings.threads());
        Table tc = table(conj, lawFactor);
        Table tu = table(unc, 1);
        Table ta = table(avg, 1);
        var cm = conj.moments(output);
        double sd = Math.sqrt(cm.variance());
        Table tg = gaussian(cm.mean(), sd, tc.law());
        double sepU = separation(tc.law(), tu.law());
        double sepA = separation(tc.law(), ta.law());
        double sepG = separation(tc.law(), tg.law());
        int minWidth = ProgramSampling.minimumWidth(program);
        // The Gram-level sampler (exact in law, O(1) in the width) where the program is linear in its Gaussian
        // inputs given the scores; otherwise Gaussian conditioning (exact in law, O(n) per product).
        boolean gram = GramSampler.unsupported(program, out).isEmpty();
        GramSampler gs = gram ? GramSampler.of(program, out) : null;
        ProgramSampling sampling = gram ? null : ProgramSampling.of(program, ProgramSimulator.Method.EXACT, out);
        if (gram) {
            minWidth = Math.max(minWidth, gs.minimumWidth());
        }
        List<double[]> coupled = new ArrayList<>();
        List<CheckResult.Row> rows = new ArrayList<>();
        String name = label + " " + output + "_1";
        List<double[]> trend = new ArrayList<>();
        int count = 0;
        for (int n : settings.widths()) {
            if (n < minWidth) {
                continue;
            }
            boolean last = settings.judgesLimit(n);
            count = gram ? settings.samples() : settings.drawsAt(n);   // the Gram sampler costs O(1) in n
            double critical = Math.sqrt(Math.log(2 / ALPHA) / (2.0 * count));
            SampleStreams streams = new SampleStreams(settings.seed() * 1_000_003L + 977L * n + 29, settings.threads());
            double[] y = gram ? gs.sample(n, GramSampler.Mode.FINITE, count, streams, null)
                    : sampling.sample(n, count, streams, null);
            count = y.length;
            critical = Math.sqrt(Math.log(2 / ALPHA) / (2.0 * count));
            double ksC = KolmogorovSmirnov.distance(y, tc.law()::cdf);
            double ksU = KolmogorovSmirnov.distance(y, tu.law()::cdf);
            double ksA = KolmogorovSmirnov.distance(y, ta.law()::cdf);
            double ksG = KolmogorovSmirnov.distance(y, tg.law()::cdf);
            double critC = critical + tc.error();
            double mdd = Power.ksScaleMdd(tc.law()::cdf, Power.quantileGrid(y, 2000), critC + ksC);
            CheckResult.Kind kind = last ? CheckResult.Kind.CHECK : CheckResult.Kind.ILLUSTRATION;
            String trendNote = last ? "" : " (trend: illustration)";
            rows.add(CheckResult.Row.of(kind, name, "KS(h_1, conjecture)" + trendNote, n, ksC, critC, 0, 0,
                    ksC <= critC, 1, mdd));
            // Negative controls: a wrong law must be rejected, i.e. its KS distance must exceed the critical value.
            // Their "limit" column is the law's separation from the conjecture (what a rejection needs).
            rows.add(CheckResult.Row.of(kind, name, "KS(h_1, averaged-kernel alternative) > critical: rejected" + trendNote,
                    n, ksA, critical + ta.error(), sepA, 0, ksA > critical + ta.error(), 1, Double.NaN));
            // The scores-only reading (level-2 scores from E[C], values still conditional) is shown, not judged:
            // where it lies within the noise of the conjecture no test can reject it (its separation is printed).
            rows.add(CheckResult.Row.of(CheckResult.Kind.ILLUSTRATION, name, "KS(h_1, unconditional-scores alternative)"
                    + " (illustration: separation in the limit column)", n, ksU, critical + tu.error(), sepU, 0,
                    true, 1, Double.NaN));
            rows.add(CheckResult.Row.of(kind, name, "KS(h_1, Gaussian of the same variance) > critical: rejected"
                    + trendNote, n, ksG, critical, sepG, 0, ksG > critical, 1, Double.NaN));
            Moments m = Moments.of(y);
            double rel = cm.relativeError();
            double meanHalf = Settings.Z * Math.sqrt(m.variance() / y.length) + rel * sd;
            double varHalf = Settings.Z * m.varianceSe() + rel * cm.variance();
            double kurt = cm.excessKurtosis();
            double kurtHalf = Settings.Z * m.excessKurtosisSe() + 3 * rel * (kurt + 3);
            double varLimit = cm.variance() * lawFactor * lawFactor;
            if (last) {
                rows.add(CheckResult.Row.check(name, "E[h_1] (conjecture)", n, m.mean(), meanHalf, cm.mean() * lawFactor,
                        0, sd, 0));
                rows.add(CheckResult.Row.check(name, "Var h_1 (conjecture)", n, m.variance(), varHalf, varLimit, 0,
                        varLimit, 0));
                rows.add(CheckResult.Row.check(name, "excess kurtosis of h_1 (conjecture)", n, m.excessKurtosis(),
                        kurtHalf, kurt, 0, Math.max(Math.abs(kurt), 1), 0));
            } else {
                rows.add(CheckResult.Row.illustration(name, "E[h_1] (trend: illustration)", n, m.mean(), meanHalf,
                        cm.mean(), 0, sd));
                rows.add(CheckResult.Row.illustration(name, "Var h_1 (trend: illustration)", n, m.variance(), varHalf,
                        varLimit, 0, varLimit));
                rows.add(CheckResult.Row.illustration(name, "excess kurtosis of h_1 (trend: illustration)", n,
                        m.excessKurtosis(), kurtHalf, kurt, 0, Math.max(Math.abs(kurt), 1)));
            }
            trend.add(new double[] {n, ksC, 0.87 / Math.sqrt(count)});
            if (gram) {
                // The exact coupling: the finite network and its (conjectured) limit from the same random numbers.
                // E|h_n − h_∞| bounds W1 between the laws and has no noise floor: its rate in n is resolved.
                SampleStreams cs = new SampleStreams(settings.seed() * 1_000_003L + 977L * n + 31, settings.threads());
                double[] pair = gs.sampleCoupled(n, count, cs, null);
                int mc = pair.length / 2;
                double[] lim = new double[mc];
                double s1 = 0;
                double s2 = 0;
                for (int i = 0; i < mc; i++) {
                    double d = Math.abs(pair[2 * i] - pair[2 * i + 1]);
                    lim[i] = pair[2 * i + 1];
                    s1 += d;
                    s2 += d * d;
                }
                double mean = s1 / mc;
                double se = Math.sqrt(Math.max(0, s2 / mc - mean * mean) / mc);
                coupled.add(new double[] {n, mean, se});
                rows.add(CheckResult.Row.illustration(name, "E|h_1(n) - h_1(limit)| (exact coupling, bounds W1)", n, mean,
                        Settings.Z * se, Double.NaN, 0, sd));
                // The coupling's limit draws are an independent implementation of the conjecture (Wishart factors
                // at their limits): they must follow the nested law's CDF.
                double ksL = KolmogorovSmirnov.distance(lim, tc.law()::cdf);
                double critL = Math.sqrt(Math.log(2 / ALPHA) / (2.0 * mc)) + tc.error();
                rows.add(CheckResult.Row.of(kind, name, "KS(coupled limit draws, conjecture)" + trendNote, n, ksL, critL, 0, 0,
                        ksL <= critL, 1, Double.NaN));
            }
            settings.progress().accept(name() + ": n = " + n + " done");
        }
        if (rows.isEmpty()) {
            throw new InvalidInputException("every width is below the " + minWidth + " vectors one matrix of "
                    + label + " multiplies");
        }
        String rate = rate(trend) + (coupled.size() >= 2 ? "; " + couplingRate(coupled) : "");
        String note = String.format(Locale.ROOT, "%s. Gaussian-conditioning simulation (exact in law), %d realisations at"
                + " the largest width; conjectured law: %s; unconditional alternative %.4f and Gaussian %.4f from the"
                + " conjecture in KS (averaged-kernel alternative %.4f); KS (DKW, alpha = 1e-6, plus the tabulated CDF error), mean, variance and kurtosis"
                + " are checks at the largest width if it is >= %d, the alternatives' rows pass when they are REJECTED;"
                + " %s", NestedLaw.LABEL.toUpperCase(Locale.ROOT), count, conj.method(), sepU, sepG, sepA,
                Settings.LIMIT_WIDTH, rate);
        return CheckResult.of(this, Settings.LEVEL + "; DKW critical value at alpha = 1e-6", rows, note);
    }

    /** The fitted rate of the coupled distance {@code E|h_n − h_∞|} in n (log-log least squares, 95% interval). */
    static String couplingRate(List<double[]> points) {
        double[] n = points.stream().mapToDouble(t -> t[0]).toArray();
        double[] d = points.stream().mapToDouble(t -> t[1]).toArray();
        if (points.size() < 3) {
            return String.format(Locale.ROOT, "exact coupling E|h_n - h_lim| = %.3g at n = %.0f to %.3g at n = %.0f",
                    d[0], n[0], d[d.length - 1], n[n.length - 1]);
        }
        PowerLawFit fit = PowerLawFit.of(n, d, 0.05);
        return String.format(Locale.ROOT, "exact coupling: E|h_n - h_lim| ~ n^%.3f, 95%% interval [%.3f, %.3f] (%d widths)",
                fit.slope(), fit.slopeInterval().lower(), fit.slopeInterval().upper(), fit.points());
    }

    /** The fitted rate of the KS distance to the conjecture, over widths above twice the noise floor. */
    static String rate(List<double[]> trend) {
        List<double[]> above = trend.stream().filter(t -> t[1] > 2 * t[2]).toList();
        if (above.size() < 3) {
            return "fitted rate of KS(h_1, conjecture) in n: unresolved (" + above.size() + " width(s) above twice the"
                    + " two-sample noise floor 0.87/sqrt(m); the distance is below the noise at the others)";
        }
        double[] n = above.stream().mapToDouble(t -> t[0]).toArray();
        double[] d = above.stream().mapToDouble(t -> t[1]).toArray();
        PowerLawFit fit = PowerLawFit.of(n, d, 0.05);
        return String.format(Locale.ROOT, "fitted rate KS(h_1, conjecture) ~ n^%.3f, 95%% interval [%.3f, %.3f], over"
                + " %d widths above twice the noise floor", fit.slope(), fit.slopeInterval().lower(),
                fit.slopeInterval().upper(), fit.points());
    }
}

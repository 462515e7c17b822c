package org.attnlimit.limit;

import org.attnlimit.calculus.InvalidInputException;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import java.util.List;
import org.attnlimit.limit.ProgramLaw;
import org.attnlimit.program.Program;
import org.attnlimit.program.ProgramLimit;
import org.attnlimit.program.Statement;
import org.attnlimit.random.ParallelSampler;
import org.attnlimit.stats.TabulatedLaw;
import org.hipparchus.distribution.continuous.NormalDistribution;

/**
 * The infinite-width law of one coordinate of a program's output vector, for comparison with
 * {@link ProgramSampling} (Corollary 3.2: {@code h_α → Z^h} in distribution for a fixed α).
 *
 * <p>An initial vector or a MatMul output {@code h} (a G-var) has {@code Z^h ~ N(E Z^h, Var Z^h)} with the
 * moments of Definition 3.1 (A) ({@link ProgramLimit}); its CDF and density are tabulated on
 * {@code mean ± 10 sd} (tail mass below 2e-23). Any other vector {@code h = ψ(g; p)} has the law of
 * Theorem 3.1, {@code Z^h = ψ(Z^g; p̊)}, from {@link ProgramLaw} (moments, CDF and density with error
 * estimates; samples from the hierarchical law), tabulated on a range widened until the tail mass left
 * out is below 1e-10 on each side.
 */
public final class ProgramOutputLimit implements LimitReference {
    private static final int GRID = 4000;
    private static final double TAIL = 1e-10;
    /**
     * Grid intervals for a {@link ProgramLaw} table: its CDF costs milliseconds per point (Fourier
     * inversion). On ±10 sd, Δx = sd/20; linear interpolation errs by at most {@code max|F''|Δx²/8}
     * ≈ 0.24·(1/20)²/8 = 7.5e-5 in the CDF (Gaussian curvature; a scale mixture's is of the same order),
     * far below the KS noise floor of any sample this is compared with (≈ 0.9/√N ≥ 1e-3 for N ≤ 10⁶).
     */
    private static final int LAW_GRID = 400;
    private final double mean;
    private final double variance;
    private final double excessKurtosis;
    private final TabulatedLaw table;
    private final String method;
    private final ProgramLaw law;
    private final String output;

    private ProgramOutputLimit(double mean, double variance, String method) {
        this.mean = mean;
        this.variance = variance;
        this.excessKurtosis = 0.0;
        this.method = method;
        this.law = null;
        this.output = null;
        double sd = Math.sqrt(variance);
        NormalDistribution normal = new NormalDistribution(mean, sd);
        this.table = TabulatedLaw.of(normal::cumulativeProbability, normal::density, mean - 10 * sd, mean + 10 * sd, GRID);
    }

    /**
     * Thrown when the limit law has no density to tabulate (no density formula, or atoms): the law itself is
     * still there, with its moments and its sampler, for a comparison that needs neither.
     */
    public static final class NoDensity extends InvalidInputException {
        private static final long serialVersionUID = 1L;
        private final transient Law law;

        NoDensity(String message, Law law) {
            super(message);
            this.law = law;
        }

        /** @return the law (moments and sampler) */
        public Law law() {
            return law;
        }
    }

    private ProgramOutputLimit(ProgramLaw law, String output) {
        if (!law.hasDensity(output)) {
            throw new NoDensity("no limit density for '" + output + "': " + law.densityNote(output), law.law(output));
        }
        if (!law.atoms(output).isEmpty()) {
            Law.Atom a = law.atoms(output).get(0);
            throw new NoDensity(String.format(java.util.Locale.ROOT, "the limit law of '%s' has an atom of mass %.6g at %.6g;"
                    + " the comparison with a tabulated law needs a continuous law", output, a.mass(), a.location()),
                    law.law(output));
        }
        ProgramLaw.Moments m = law.moments(output);
        this.law = law;
        this.output = output;
        this.mean = m.mean();
        this.variance = m.variance();
        this.excessKurtosis = m.excessKurtosis();
        this.method = "Theorem 3.1 (ProgramLaw): " + m.method() + "; " + law.densityNote(output);
        if (!(variance > 0)) {
            throw new InvalidInputException("the limit of '" + output + "' is the constant " + mean + " (variance 0)");
        }
        double sd = Math.sqrt(variance);
        double half = 10 * sd;
        for (int attempt = 0; attempt < 4 && tailMass(mean - half, mean + half) > TAIL; attempt++) {
            half *= 1.5;
        }
        double[] x = new double[LAW_GRID + 1];
        for (int i = 0; i <= LAW_GRID; i++) {
            x[i] = mean - half + 2 * half * i / LAW_GRID;
        }
        double[] cdf = new double[x.length];
        double[] pdf = new double[x.length];
        // ProgramLaw is thread-safe and each value a pure function of x: parallel evaluation changes nothing.
        java.util.stream.IntStream.range(0, x.length).parallel().forEach(i -> {
            double[] at = {x[i]};
            cdf[i] = values(law.cdf(output, at))[0];
            pdf[i] = values(law.pdf(output, at))[0];
        });
        for (int i = 0; i <= LAW_GRID; i++) {
            cdf[i] = Math.min(1.0, Math.max(0.0, i == 0 ? cdf[i] : Math.max(cdf[i], cdf[i - 1])));   // monotone, in [0, 1]
            pdf[i] = Math.max(0.0, pdf[i]);
        }
        // An atom (e.g. relu(·) at 0, clip at ±c) shows as a CDF jump far above what the density allows over
        // one cell. KS, W1 and KDE-KL as implemented assume a continuous law (at an atom the samples tie and
        // the one-sample KS statistic is off by the atom's mass), so such an output is refused.
        double dx = x[1] - x[0];
        for (int i = 0; i < LAW_GRID; i++) {
            double jump = cdf[i + 1] - cdf[i];
            if (jump > 1e-4 && jump > 4 * Math.max(pdf[i], pdf[i + 1]) * dx) {
                throw new InvalidInputException(String.format(java.util.Locale.ROOT, "the limit law of '%s' has an atom"
                        + " of mass about %.3g near %.4g; the comparison needs a continuous law: record the vector before"
                        + " the activation", output, jump, 0.5 * (x[i] + x[i + 1])));
            }
        }
        this.table = new TabulatedLaw(x, cdf, pdf);
    }

    private double tailMass(double lo, double hi) {
        double[] f = values(law.cdf(output, new double[] {lo, hi}));
        return Math.max(f[0], 1 - f[1]);
    }

    private double[] values(Estimate[] e) {
        double[] v = new double[e.length];
        for (int i = 0; i < e.length; i++) {
            if (!Double.isFinite(e[i].value())) {
                throw new InvalidInputException("the limit law of '" + output + "' has no finite density or CDF value"
                        + " everywhere (an atom?)");
            }
            v[i] = e[i].value();
        }
        return v;
    }

    /**
     * @param program the program
     * @param output a vector of the program
     * @return the limit law of {@code output}'s coordinates
     * @throws IllegalArgumentException for an unknown name, a score, or an output whose limit law is not
     *     available (a Nonlin output: not Gaussian in general)
     */
    public static ProgramOutputLimit of(Program program, String output) {
        Statement s = program.definition(output).orElseThrow(() -> new InvalidInputException(
                "no vector named '" + output + "' in the program; vectors: " + String.join(", ", program.vectors())));
        if (s instanceof Statement.Score) {
            throw new InvalidInputException("'" + output + "' is a score, not a vector; its limit is Definition 3.1 (B)"
                    + " (check it with verify --program)");
        }
        if (s instanceof Statement.Matrix) {
            throw new InvalidInputException("'" + output + "' is a matrix, not a vector");
        }
        if (!(s instanceof Statement.Input || s instanceof Statement.MatMul)) {
            return new ProgramOutputLimit(ProgramLaw.of(program, List.of(output)), output);
        }
        ProgramLimit limit = ProgramLimit.of(program);
        double m = limit.mean(output);
        double v = limit.covariance(output, output);
        if (!(v > 0)) {
            throw new InvalidInputException("the limit of '" + output + "' is the constant " + m + " (variance 0)");
        }
        return new ProgramOutputLimit(m, v, "Gaussian, Definition 3.1 (A): N(E Z, Var Z) from the program's covariances");
    }

    /** @return the Gaussian law {@code N(mean, variance)} labelled {@code method} (e.g. a claimed limit, in tests) */
    public static ProgramOutputLimit gaussian(double mean, double variance, String method) {
        if (!(variance > 0) || !Double.isFinite(mean) || !Double.isFinite(variance)) {
            throw new InvalidInputException("a Gaussian law needs a finite mean and a variance > 0, got " + mean + ", " + variance);
        }
        return new ProgramOutputLimit(mean, variance, method);
    }

    /** @return {@code E Z^h} */
    public double mean() {
        return mean;
    }

    @Override
    public double variance() {
        return variance;
    }

    @Override
    public double excessKurtosis() {
        return excessKurtosis;
    }

    /** Not defined for a program output: the scores are reported by {@code verify --program}. */
    @Override
    public double scoreVariance() {
        throw new UnsupportedOperationException("a program output has no single score variance");
    }

    @Override
    public double[] sample(int count, ParallelSampler sampler) {
        if (law != null) {
            return law.sample(count, sampler)[0];
        }
        double sd = Math.sqrt(variance);
        return sampler.sample(count, (rng, out, from, to) -> {
            ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
            for (int i = from; i < to; i++) {
                out[i] = mean + sd * g.sample();
            }
        }, null);
    }

    @Override
    public TabulatedLaw table() {
        return table;
    }

    @Override
    public String method() {
        return method;
    }
}

package org.attnlimit.finite;

import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
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
 * <p>Gaussian case: an initial vector or a MatMul output {@code h} (a G-var) has
 * {@code Z^h ~ N(E Z^h, Var Z^h)} with the moments of Definition 3.1 (A) ({@link ProgramLimit}); its CDF
 * and density are tabulated on {@code mean ± 10 sd} (tail mass below 2e-23).
 */
public final class ProgramOutputLimit implements LimitReference {
    private static final int GRID = 4000;
    private final double mean;
    private final double variance;
    private final TabulatedLaw table;
    private final String method;

    private ProgramOutputLimit(double mean, double variance, String method) {
        this.mean = mean;
        this.variance = variance;
        this.method = method;
        double sd = Math.sqrt(variance);
        NormalDistribution normal = new NormalDistribution(mean, sd);
        this.table = TabulatedLaw.of(normal::cumulativeProbability, normal::density, mean - 10 * sd, mean + 10 * sd, GRID);
    }

    /**
     * @param program the program
     * @param output a vector of the program
     * @return the limit law of {@code output}'s coordinates
     * @throws IllegalArgumentException for an unknown name, a score, or an output whose limit law is not
     *     available (a Nonlin output: not Gaussian in general)
     */
    public static ProgramOutputLimit of(Program program, String output) {
        Statement s = program.definition(output).orElseThrow(() -> new IllegalArgumentException(
                "no vector named '" + output + "' in the program; vectors: " + String.join(", ", program.vectors())));
        if (s instanceof Statement.Score) {
            throw new IllegalArgumentException("'" + output + "' is a score, not a vector; its limit is Definition 3.1 (B)"
                    + " (check it with verify --program)");
        }
        if (s instanceof Statement.Matrix) {
            throw new IllegalArgumentException("'" + output + "' is a matrix, not a vector");
        }
        if (!(s instanceof Statement.Input || s instanceof Statement.MatMul)) {
            throw new IllegalArgumentException("no limit law for the Nonlin output '" + output
                    + "' (only initial vectors and MatMul outputs have a Gaussian limit here)");
        }
        ProgramLimit limit = ProgramLimit.of(program);
        double m = limit.mean(output);
        double v = limit.covariance(output, output);
        if (!(v > 0)) {
            throw new IllegalArgumentException("the limit of '" + output + "' is the constant " + m + " (variance 0)");
        }
        return new ProgramOutputLimit(m, v, "Gaussian, Definition 3.1 (A): N(E Z, Var Z) from the program's covariances");
    }

    /** @return the Gaussian law {@code N(mean, variance)} labelled {@code method} (e.g. a claimed limit, in tests) */
    public static ProgramOutputLimit gaussian(double mean, double variance, String method) {
        if (!(variance > 0) || !Double.isFinite(mean) || !Double.isFinite(variance)) {
            throw new IllegalArgumentException("a Gaussian law needs a finite mean and a variance > 0, got " + mean + ", " + variance);
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
        return 0.0;
    }

    /** Not defined for a program output: the scores are reported by {@code verify --program}. */
    @Override
    public double scoreVariance() {
        throw new UnsupportedOperationException("a program output has no single score variance");
    }

    @Override
    public double[] sample(int count, ParallelSampler sampler) {
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

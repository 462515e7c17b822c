package org.attnlimit.limit;

import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.attnlimit.calculus.InvalidInputException;
import org.attnlimit.calculus.Normal;
import org.attnlimit.program.Program;
import org.attnlimit.program.ProgramLimit;

/**
 * The Gaussian law {@code N(μ, σ²)} under the {@link Law} contract: the limit {@code Z^g} of a G-var
 * (an initial vector or a MatMul output) of a program, Definition 3.1 (A) — {@code Z^g ~ N(E Z^g, Var Z^g)}
 * with the moments of {@link ProgramLimit} — or a claimed Gaussian limit in a test. Central fourth moment
 * {@code 3σ⁴}, excess kurtosis 0, density and distribution function by {@link Normal}. Immutable.
 */
public final class GaussianLaw implements Law {
    private final double mean;
    private final double variance;
    private final double varianceError;
    private final String description;

    private GaussianLaw(double mean, double variance, double varianceError, String description) {
        if (!(variance > 0) || !Double.isFinite(mean) || !Double.isFinite(variance)) {
            throw new InvalidInputException("a Gaussian law needs a finite mean and a variance > 0, got " + mean
                    + ", " + variance);
        }
        this.mean = mean;
        this.variance = variance;
        this.varianceError = varianceError;
        this.description = description;
    }

    /**
     * @param description how the moments were obtained, as printed
     * @return {@code N(mean, variance)}, exact
     */
    public static GaussianLaw of(double mean, double variance, String description) {
        return new GaussianLaw(mean, variance, 0, description);
    }

    /**
     * The limit of a G-var {@code g} of {@code program} (Definition 3.1 (A)): {@code N(E Z^g, Var Z^g)}, the
     * variance's error that of the Definition 3.1 covariance ({@link ProgramLimit#gCovarianceError()}).
     *
     * @param limit the program's Definition 3.1 limit
     * @param g a G-var of the program
     * @return its law
     * @throws InvalidInputException if {@code g} is not a G-var or its limit is a constant (variance 0)
     */
    public static GaussianLaw ofGVar(ProgramLimit limit, String g) {
        int i = limit.gVars().indexOf(g);
        if (i < 0) {
            throw new InvalidInputException("'" + g + "' is not an initial vector or a MatMul output");
        }
        double m = limit.mean(g);
        double v = limit.covariance(g, g);
        if (!(v > 0)) {
            throw new InvalidInputException("the limit of '" + g + "' is the constant " + m + " (variance 0)");
        }
        return new GaussianLaw(m, v, limit.gCovarianceError()[i][i],
                "Gaussian, Definition 3.1 (A): N(E Z, Var Z) from the program's covariances");
    }

    /** @return the law of G-var {@code g} of {@code program} (see {@link #ofGVar(ProgramLimit, String)}) */
    public static GaussianLaw ofGVar(Program program, String g) {
        return ofGVar(ProgramLimit.of(program), g);
    }

    @Override
    public Estimate mean() {
        return Estimate.exact(mean);
    }

    @Override
    public Estimate variance() {
        return new Estimate(variance, varianceError);
    }

    /** @return {@code 3σ⁴}, its error {@code 6σ²δσ²} */
    @Override
    public Estimate centralFourthMoment() {
        return new Estimate(3 * variance * variance, 6 * variance * varianceError);
    }

    /** @return 0 exactly for a Gaussian (the propagated error of its two moments cancels exactly) */
    @Override
    public Estimate excessKurtosis() {
        return Estimate.exact(0);
    }

    @Override
    public Cdf cdf(double x) {
        requireFinite(x);
        return Cdf.continuous(Normal.cdf((x - mean) / Math.sqrt(variance)), 0);
    }

    @Override
    public Estimate density(double x) {
        requireFinite(x);
        double sd = Math.sqrt(variance);
        return Estimate.exact(Normal.pdf((x - mean) / sd) / sd);
    }

    private static void requireFinite(double x) {
        if (!Double.isFinite(x)) {
            throw new InvalidInputException("evaluation points must be finite numbers, got " + x);
        }
    }

    @Override
    public List<Atom> atoms() {
        return List.of();
    }

    /** @return {@code μ + σ·ξ}, ξ by the ziggurat method on {@code stream} */
    @Override
    public Sampler sampler(UniformRandomProvider stream) {
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(stream);
        double sd = Math.sqrt(variance);
        return () -> mean + sd * g.sample();
    }

    @Override
    public Method method() {
        return new Method("Gaussian (Definition 3.1 (A))", true, 0, 0, 0, true, Accuracy.WITHIN_TARGET, false,
                description);
    }
}

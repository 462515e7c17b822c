package org.attnlimit.limit;

import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.attnlimit.random.ParallelSampler;

/**
 * The law of one scalar limit variable {@code Z^y} of a program (Theorem 3.1, Corollary 3.2): the one
 * contract every limit law implements, after commons-statistics' {@code ContinuousDistribution}, with
 * errors. The law may have <b>atoms</b> (e.g. ReLU-weighted attention is exactly 0 when all scores are
 * negative): they are reported by {@link #atoms()}, the {@link #density} excludes them, and
 * {@link #cdf} gives both {@code P(y ≤ x)} and {@code P(y < x)}.
 *
 * <p>Every error is computed once, here in the law, and includes the error of what the law starts from
 * (the Definition 3.1 covariances); callers render values and errors, they do not propagate them.
 * Implementations are immutable and thread-safe.
 */
public interface Law {

    /** @return {@code E[Z^y]} with its error */
    Estimate mean();

    /** @return {@code Var Z^y} with its error */
    Estimate variance();

    /** @return the central fourth moment {@code E[(Z^y − E Z^y)⁴]} with its error */
    Estimate centralFourthMoment();

    /**
     * @return the excess kurtosis {@code m₄/v² − 3}, its error propagated from the errors of the variance
     *     and the central fourth moment ({@link Estimate#excessKurtosis})
     */
    default Estimate excessKurtosis() {
        return Estimate.excessKurtosis(variance(), centralFourthMoment());
    }

    /**
     * @param x a finite point
     * @return {@code P(Z^y ≤ x)} and {@code P(Z^y < x)} with a common error (they differ by the mass of an
     *     atom at {@code x})
     * @throws UnsupportedOperationException if the law has no computable distribution function
     *     ({@link Method#hasDistribution()} is false)
     */
    Cdf cdf(double x);

    /**
     * @param x a finite point
     * @return the density of the absolutely continuous part at {@code x} (atoms excluded: the density
     *     integrates to {@code 1 − Σ atom masses}) with its error
     * @throws UnsupportedOperationException if {@link Method#hasDistribution()} is false
     */
    Estimate density(double x);

    /** @return the atoms of the law (location and mass), empty for a law with a density everywhere */
    List<Atom> atoms();

    /**
     * @param p a probability in {@code (0, 1)}
     * @return the lower quantile {@code inf{x : P(Z^y ≤ x) ≥ p}}, found by bisection on {@link #cdf}
     */
    default double quantile(double p) {
        if (!(p > 0 && p < 1)) {
            throw new org.attnlimit.calculus.InvalidInputException("quantile needs a probability in (0, 1), got " + p);
        }
        double m = mean().value();
        double sd = Math.sqrt(Math.max(variance().value(), 0));
        double step = sd > 0 ? sd : 1;
        double lo = m - step;
        double hi = m + step;
        for (int i = 0; i < 200 && cdf(lo).atMost() >= p; i++) {
            lo -= step * (1L << Math.min(i, 30));
        }
        for (int i = 0; i < 200 && cdf(hi).atMost() < p; i++) {
            hi += step * (1L << Math.min(i, 30));
        }
        for (int i = 0; i < 200 && hi - lo > 1e-15 * Math.max(1, Math.abs(hi)); i++) {
            double mid = 0.5 * (lo + hi);
            if (cdf(mid).atMost() >= p) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }

    /**
     * @param stream the caller's random stream (the caller owns its seeding)
     * @return a sampler of {@code Z^y} drawing from {@code stream} only
     */
    Sampler sampler(UniformRandomProvider stream);

    /**
     * Draws {@code count} samples, chunk {@code i} from the {@code i}-th stream of {@code streams}, so the
     * numbers depend on the seed and the chunk size only, never on the thread count.
     *
     * @return the samples (shorter only if the run was cancelled)
     */
    default double[] sample(int count, ParallelSampler streams) {
        return streams.sample(count, (rng, out, from, to) -> {
            Sampler s = sampler(rng);
            for (int i = from; i < to; i++) {
                out[i] = s.sample();
            }
        }, null);
    }

    /** @return how the law was computed, as a structured record */
    Method method();

    /** Draws one value of {@code Z^y} per call, from the stream it was created on. */
    @FunctionalInterface
    interface Sampler {
        /** @return one draw */
        double sample();
    }

    /**
     * The distribution function at a point.
     *
     * @param atMost {@code P(Z^y ≤ x)}
     * @param below {@code P(Z^y < x)} (equal to {@code atMost} unless an atom sits at {@code x})
     * @param error the absolute error of each
     */
    record Cdf(double atMost, double below, double error) {
        /** @return a value at a point carrying no atom */
        public static Cdf continuous(double value, double error) {
            return new Cdf(value, value, error);
        }
    }

    /**
     * A point mass of the law.
     *
     * @param location where it sits
     * @param mass its probability, {@code 0 < mass ≤ 1}
     * @param error the absolute error of {@code mass}
     */
    record Atom(double location, double mass, double error) {
    }

    /** Whether a law's numbers reached the accuracy asked of them. */
    enum Accuracy {
        /** the error estimate is within the target */
        WITHIN_TARGET("within target"),
        /** the adaptive budget ran out before the target was reached: the errors say by how much */
        BELOW_TARGET("below target");

        private final String label;

        Accuracy(String label) {
            this.label = label;
        }

        /** @return the label written in reports and JSON ({@code "below target"}) */
        public String label() {
            return label;
        }
    }

    /**
     * How a law was computed, for reports to render without parsing.
     *
     * @param engine the engine's name, e.g. {@code "attention head (Example 3.1)"},
     *     {@code "conditionally Gaussian"}, {@code "nested quadrature"}, {@code "nested conditioning"}
     * @param conditionallyGaussian whether {@code Z^y} is Gaussian given the scores {@code p̊}
     * @param scoreDimensions the dimension of the score integral after reductions (0 if none; for a program
     *     output, the largest over its independent parts)
     * @param gaussianFeatures the Gaussian features integrated inside the score integral (0 if none)
     * @param nodes the number of outer quadrature nodes or quasi-Monte Carlo points (0 if none; for a program
     *     output, summed over its independent parts)
     * @param hasDistribution whether {@link Law#cdf} and {@link Law#density} are available
     * @param accuracy whether the error target was reached
     * @param conjecture whether the law rests on a statement beyond Theorem 3.1 (deep / stacked
     *     attention): its numbers must be labelled a conjecture wherever they appear
     * @param description the method in words, as printed (e.g. {@code "Gauss-Hermite 48^3 nodes"})
     */
    record Method(String engine, boolean conditionallyGaussian, int scoreDimensions, int gaussianFeatures,
            long nodes, boolean hasDistribution, Accuracy accuracy, boolean conjecture, String description) {

        /** Validates. */
        public Method {
            if (engine == null || accuracy == null || description == null) {
                throw new IllegalArgumentException("method record needs an engine, an accuracy and a description");
            }
        }
    }
}

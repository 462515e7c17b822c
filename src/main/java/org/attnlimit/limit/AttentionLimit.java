package org.attnlimit.limit;

import org.attnlimit.calculus.InvalidInputException;
import org.attnlimit.numerics.PsdRoot;
import org.attnlimit.numerics.Rqmc;
import org.attnlimit.numerics.Softmax;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.attnlimit.random.ParallelSampler;
import org.hipparchus.analysis.solvers.BrentSolver;

/**
 * The infinite-width law of one output coordinate {@code Z^{y_1}} of multi-head attention
 * (Example 3.1, Theorem 3.1):
 * <pre>
 *   Z^{y_1} | p̊ ~ N(0, V),   V = (σ_O²σ_V²/H) Σ_{a=1}^{H} (s^a)ᵀ K s^a,   s^a = softmax(p̊^a_{1·}),
 *   p̊^a_{1·} ~ N(0, σ_Q²σ_K² K_11 K)   iid over heads a.
 * </pre>
 * A Gaussian scale mixture (Remark 3.1). Writing {@code σ² = σ_O²σ_V²}, {@code m1 = E[sᵀKs]},
 * {@code m2 = E[(sᵀKs)²]} for one head, the heads being iid:
 * {@code Var = E[V] = σ²m1}, {@code E[Y⁴] = 3E[V²] = 3σ⁴(m2 + (H−1)m1²)/H}, and the excess kurtosis
 * {@code 3(m2 − m1²)/(H m1²)} is positive and exactly proportional to {@code 1/H}.
 * {@code E[V]} is also the variance of the infinite-head Gaussian limit of Hron et al. (2020) (Remark 3.2).
 *
 * <p>{@code m1, m2} come from {@link HeadQuadrature} (an (s−1)-dimensional integral, never {@code s·H});
 * density and CDF from {@link ScaleMixtureInversion}. A {@link Law}: mean 0 (exact), no atoms ({@code V > 0}
 * since {@code m1 > 0}). Immutable and thread-safe.
 */
public final class AttentionLimit implements Law {

    private final AttentionSetup setup;
    private final HeadQuadrature.Result quadrature;
    private final double m1;
    private final double m2;
    private final double[][] gram;
    private final double[][] scoreRoot;   // symmetric square root of σ_Q²σ_K²K_11 K
    private final ConditionalVariance variance;
    private volatile ScaleMixtureInversion fine;
    private volatile ScaleMixtureInversion coarse;
    private volatile double[] infiniteHead;
    private volatile Integer dimension;

    private AttentionLimit(AttentionSetup setup) {
        this.setup = setup;
        this.gram = setup.gram();
        this.quadrature = HeadQuadrature.of(setup.gram(), setup.scoreScale());
        this.m1 = quadrature.m1();
        this.m2 = quadrature.m2();
        if (!(Double.isFinite(m1) && Double.isFinite(m2))) {
            throw new InvalidInputException("overflow: the per-head moments E[s'Ks], E[(s'Ks)^2] are beyond double"
                    + " precision for this Gram matrix");
        }
        if (!(m1 > 0)) {
            throw new InvalidInputException("the output variance is 0 for this Gram matrix "
                    + "(softmax weights lie in the null space of K); the law is a point mass at 0");
        }
        this.scoreRoot = PsdRoot.symmetric(setup.gram(), setup.scoreScale() * setup.gram(0, 0));
        this.variance = new ConditionalVariance(gram, scoreRoot, setup.valueScale(), setup.heads());
    }

    /** @return the limit law for {@code setup} (computes the per-head quadrature, well under a second for s ≤ 4) */
    public static AttentionLimit of(AttentionSetup setup) {
        if (setup == null) {
            throw new InvalidInputException("attention setup is missing");
        }
        return new AttentionLimit(setup);
    }

    /** @return the setup */
    public AttentionSetup setup() {
        return setup;
    }

    /** @return {@code E[Z^{y_1}] = 0} (the output is symmetric given the scores) */
    @Override
    public Estimate mean() {
        return Estimate.exact(0);
    }

    /** @return {@code Var(Z^{y_1}) = E[V] = σ_O²σ_V² m1}, relative error {@link #errorBound()} */
    @Override
    public Estimate variance() {
        return Estimate.relative(setup.valueScale() * m1, errorBound());
    }

    /** @return {@code E[(Z^{y_1})⁴] = 3E[V²] = 3σ⁴(m2 + (H−1)m1²)/H}, relative error {@link #errorBound()} */
    @Override
    public Estimate centralFourthMoment() {
        return Estimate.relative(3 * secondMomentOfV(), errorBound());
    }

    /** @return {@code E[V²] = σ⁴(m2 + (H−1)m1²)/H} (heads iid) */
    public double secondMomentOfV() {
        int h = setup.heads();
        double s2 = setup.valueScale();
        return s2 * s2 * (m2 + (h - 1) * m1 * m1) / h;
    }

    /**
     * @return {@code 3E[V²]/E[V]² − 3 = 3(m2 − m1²)/(H m1²) ≥ 0} (Remark 3.1: heavier tails than Gaussian), written
     *     in the form without cancellation; its error propagated by {@link Estimate#excessKurtosis}
     */
    @Override
    public Estimate excessKurtosis() {
        double k = 3 * (m2 - m1 * m1) / (setup.heads() * m1 * m1);
        return new Estimate(k, Estimate.excessKurtosis(variance(), centralFourthMoment()).error());
    }

    /**
     * @return estimated relative error of {@link #variance()} and {@link #centralFourthMoment()}: the relative
     *     difference between two quadrature orders (tensor Gauss–Hermite), or 3 standard errors over
     *     random shifts (quasi-Monte Carlo, s ≥ 6) — see {@link #method()}
     */
    public double errorBound() {
        return quadrature.relativeError();
    }

    /**
     * @return how the law was computed: the per-head integral over the {@code r ≤ s − 1} reduced score
     *     dimensions ({@link HeadQuadrature}), its number of nodes, and the description of the rule
     */
    @Override
    public Method method() {
        Integer r = dimension;
        if (r == null) {
            r = HeadQuadrature.dimension(gram, setup.scoreScale());
            dimension = r;
        }
        return new Method("attention head (Example 3.1)", true, r, 0, quadrature.fine().values().length, true,
                Accuracy.WITHIN_TARGET, false, quadrature.method());
    }

    /**
     * The variance of the infinite-head Gaussian limit of Hron et al. (2020), {@code σ_O²σ_V² E[sᵀKs]}: by Remark 3.2
     * it is {@code E[V]} = {@link #variance()}, to the same quadrature accuracy. This is the value the commands print;
     * {@link #infiniteHeadVarianceByQmc()} computes it by an independent route, for the check of Remark 3.2.
     *
     * @return {@code E[V]}
     */
    public double infiniteHeadVariance() {
        return variance().value();
    }

    /**
     * The variance of the infinite-head Gaussian limit of Hron et al. (2020) (Remark 3.2): as {@code H → ∞}
     * the output is Gaussian with variance {@code σ_O²σ_V² E[sᵀKs]}, {@code s = softmax(p̊_{1·})}. Remark 3.2
     * says it equals {@link #variance()} ({@link #infiniteHeadVariance()}); to make that a statement that can fail, it is computed here by
     * an independent route: randomised quasi-Monte Carlo over the full {@code s}-dimensional scores
     * {@code p̊_{1·} = L z} ({@code L} the symmetric root of {@code σ_Q²σ_K²K_11 K}, Sobol points mapped by
     * {@code Φ^{-1}}, {@value #IH_SHIFTS} random shifts of {@value #IH_POINTS} points), not the reduced
     * {@code (s−1)}-dimensional rule of {@link HeadQuadrature}. Its relative error is
     * {@link #infiniteHeadVarianceByQmcError()}. Used by verify's Remark 3.2 check.
     *
     * @return {@code σ_O²σ_V² E[sᵀKs]} by quasi-Monte Carlo
     */
    public double infiniteHeadVarianceByQmc() {
        return infiniteHead()[0];
    }

    /** @return the relative error of {@link #infiniteHeadVarianceByQmc()}: 3 standard errors over the random shifts */
    public double infiniteHeadVarianceByQmcError() {
        return infiniteHead()[1];
    }

    private static final int IH_SHIFTS = 8;
    private static final int IH_POINTS = 1 << 13;

    private double[] infiniteHead() {
        double[] r = infiniteHead;
        if (r == null) {
            int s = setup.tokens();
            org.apache.commons.rng.UniformRandomProvider rng =
                    org.apache.commons.rng.simple.RandomSource.L64_X128_MIX.create(20260201L);
            double[][] points = Rqmc.sobol(s, IH_POINTS);
            double[] z = new double[s];
            double[] p = new double[s];
            double[] w = new double[s];
            double[] shift = new double[s];
            double[] means = new double[IH_SHIFTS];
            for (int m = 0; m < IH_SHIFTS; m++) {
                for (int d = 0; d < s; d++) {
                    shift[d] = rng.nextDouble();
                }
                double acc = 0;
                for (double[] point : points) {
                    Rqmc.shiftedNormals(point, shift, z);
                    for (int j = 0; j < s; j++) {
                        double a = 0;
                        for (int l = 0; l < s; l++) {
                            a += scoreRoot[j][l] * z[l];
                        }
                        p[j] = a;
                    }
                    Softmax.apply(p, w);
                    acc += Softmax.quadratic(gram, w);
                }
                means[m] = setup.valueScale() * acc / IH_POINTS;
            }
            double mean = Arrays.stream(means).average().orElseThrow();
            double se = Rqmc.standardError(means);
            r = new double[] {mean, 3 * se / mean + 1e-15};
            infiniteHead = r;
        }
        return r;
    }

    /** @return {@code Var(p̊_{11}) = σ_Q²σ_K² K_11²}, the limit law of one score (Example 3.1) */
    public double scoreVariance() {
        return setup.scoreScale() * setup.gram(0, 0) * setup.gram(0, 0);
    }

    /** @return the covariance of the row-1 scores of one head, {@code σ_Q²σ_K² K_11 K} (Example 3.1) */
    public double[][] scoreCovariance() {
        double[][] k = setup.gram();
        double c = setup.scoreScale() * setup.gram(0, 0);
        for (double[] row : k) {
            for (int j = 0; j < row.length; j++) {
                row[j] *= c;
            }
        }
        return k;
    }

    /**
     * @return the density {@code f(y) = E[N(y; 0, V)]}, its error the difference between the densities from
     *     the two quadrature orders plus the inversion's bound (below 1e-15 of the peak)
     */
    @Override
    public Estimate density(double y) {
        return new Estimate(fine().pdf(y), pdfError(new double[] {y})[0]);
    }

    /** @return the CDF {@code F(y) = E[Φ(y/√V)]} (no atoms: both sides equal), its error as {@link #cdfError} */
    @Override
    public Cdf cdf(double y) {
        return Cdf.continuous(fine().cdf(y), cdfError(new double[] {y})[0]);
    }

    /** @return none: {@code V > 0} almost surely, so the law has a density everywhere */
    @Override
    public List<Atom> atoms() {
        return List.of();
    }

    /** @return {@link #density} at each point (values only; errors by {@link #pdfError}) */
    public double[] pdf(double[] ys) {
        return Arrays.stream(ys).map(fine()::pdf).toArray();
    }

    /** @return {@link #cdf} {@code P(y ≤ x)} at each point (values only; errors by {@link #cdfError}) */
    public double[] cdf(double[] ys) {
        return Arrays.stream(ys).map(fine()::cdf).toArray();
    }

    /**
     * @return an error estimate for {@link #pdf(double[])} at each point: the difference between the
     *     densities from the two quadrature orders, plus the inversion's bound (below 1e-15 of the peak)
     */
    public double[] pdfError(double[] ys) {
        ScaleMixtureInversion f = fine();
        ScaleMixtureInversion c = coarse();
        double floor = 1e-15 * f.pdf(0);
        return Arrays.stream(ys).map(y -> Math.abs(f.pdf(y) - c.pdf(y)) + floor).toArray();
    }

    /** @return an error estimate for {@link #cdf(double[])} at each point (as {@link #pdfError}) */
    public double[] cdfError(double[] ys) {
        ScaleMixtureInversion f = fine();
        ScaleMixtureInversion c = coarse();
        return Arrays.stream(ys).map(y -> Math.abs(f.cdf(y) - c.cdf(y)) + 1e-15).toArray();
    }

    /** @return the {@code p}-quantile, {@code 0 < p < 1} (Brent's method on the CDF) */
    @Override
    public double quantile(double p) {
        if (!(p > 0 && p < 1)) {
            throw new InvalidInputException("quantile level must be in (0, 1), got " + p);
        }
        ScaleMixtureInversion f = fine();
        double lowest = f.cdf(-f.range());
        double highest = 1 - f.cdf(f.range());
        // Below ~1000 times the CDF's absolute error the quantile is not determined to 0.1 %.
        double floor = 1e3 * Math.max(1e-15, Math.max(lowest, highest));
        if (!(p >= floor && 1 - p >= floor)) {
            String f3 = String.format(java.util.Locale.ROOT, "%.0e", floor);
            throw new InvalidInputException("quantile level " + p + " lies in a tail the CDF does not resolve"
                    + " (its error is about 1e-15); use a level in [" + f3 + ", 1 - " + f3 + "]");
        }
        double sd = Math.sqrt(variance().value());
        BrentSolver solver = new BrentSolver(1e-15, 1e-14 * sd, 1e-16);
        return solver.solve(500, y -> f.cdf(y) - p, -f.range(), f.range(), 0.0);
    }

    /**
     * Hierarchical sampler of {@code Z^{y_1}}: for each head draw the scores
     * {@code p̊^a_{1·} = L z}, {@code LLᵀ = σ_Q²σ_K²K_11 K}, then {@code Y = √V · N(0, 1)}. Seedable and
     * independent of the thread count ({@link ParallelSampler}).
     */
    @Override
    public double[] sample(int count, ParallelSampler sampler) {
        return draw(count, sampler, true);
    }

    /** @return the sampler of {@link #sample} on {@code stream}: the same draws, one at a time */
    @Override
    public Sampler sampler(UniformRandomProvider stream) {
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(stream);
        int s = setup.tokens();
        double[] z = new double[s];
        double[] p = new double[s];
        double[] w = new double[s];
        return () -> Math.sqrt(conditionalVariance(g, z, p, w)) * g.sample();
    }

    /** Samples the conditional variance {@code V} itself (same stream use as {@link #sample}, minus the output). */
    public double[] sampleConditionalVariance(int count, ParallelSampler sampler) {
        return draw(count, sampler, false);
    }

    /** Draws {@code V}, and {@code √V · N(0, 1)} from the same stream when {@code output} is set. */
    private double[] draw(int count, ParallelSampler sampler, boolean output) {
        return sampler.sample(count, (rng, out, from, to) -> {
            ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
            int s = setup.tokens();
            double[] z = new double[s];
            double[] p = new double[s];
            double[] w = new double[s];
            for (int i = from; i < to; i++) {
                double v = conditionalVariance(g, z, p, w);
                out[i] = output ? Math.sqrt(v) * g.sample() : v;
            }
        }, null);
    }

    /** @return the draw of {@code V} that {@link #sample} uses (for the tests of the heads' independence) */
    ConditionalVariance conditionalVarianceSampler() {
        return variance;
    }

    private double conditionalVariance(ZigguratSampler.NormalizedGaussian g, double[] z, double[] p, double[] w) {
        return variance.draw(g, z, p, w);
    }

    private ScaleMixtureInversion fine() {
        ScaleMixtureInversion f = fine;
        if (f == null) {
            f = new ScaleMixtureInversion(quadrature.fine(), setup.heads(), setup.valueScale());
            fine = f;
        }
        return f;
    }

    private ScaleMixtureInversion coarse() {
        ScaleMixtureInversion c = coarse;
        if (c == null) {
            c = new ScaleMixtureInversion(quadrature.coarse(), setup.heads(), setup.valueScale());
            coarse = c;
        }
        return c;
    }
}

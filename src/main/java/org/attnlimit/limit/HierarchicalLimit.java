package org.attnlimit.limit;

import org.attnlimit.calculus.Normal;
import java.util.List;
import org.attnlimit.numerics.PsdRoot;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.attnlimit.calculus.Activation;
import org.attnlimit.calculus.Require;
import org.attnlimit.numerics.Softmax;
import org.attnlimit.random.ParallelSampler;
import org.attnlimit.stats.TabulatedLaw;

/**
 * The limit of Example 3.1 for the inputs of Appendix B ({@code x^i = φ(W^i h)}, so
 * {@code K_jj = E[φ(Z)²]}, {@code K_jl = E[φ(Z)]²} for {@code j ≠ l}, Z ~ N(0,1)), by hierarchical
 * Monte Carlo: draw the scores, then V ({@link ConditionalVariance}, the draw of {@link AttentionLimit#sample}),
 * then {@code y = √V·ξ}. Moments, CDF and density are averages
 * over {@code M} draws of V of {@code V}, {@code 3V²}, {@code Φ(x/√V)} and {@code φ(x/√V)/√V} —
 * smooth in x, so one set of draws gives the whole curve; their Monte Carlo error is stated in
 * {@link #method()}. A {@link Law} whose errors are Monte Carlo errors (3 standard errors, or a bound on them);
 * the limit of the {@code 1/n} scaling (degenerate scores) in the finite-width comparisons, and a
 * self-contained Monte Carlo check of {@link AttentionLimit}'s quadrature in the tests.
 */
public final class HierarchicalLimit implements Law {
    private static final int GRID = 2000;
    private static final int NODES = 2000;

    private final double[] k;
    private final ConditionalVariance variance;
    private final int s;
    private final int heads;
    private final double scoreScale;
    private final double[] v;
    private final double[] nodes;
    private final double mean;
    private final double secondMoment;
    private final double fourthOfV;
    private final double minNode;
    private final TabulatedLaw table;

    private HierarchicalLimit(Activation phi, int tokens, int heads, boolean degenerateScores, int draws, long seed) {
        Require.atLeast("tokens s", tokens, 1);
        Require.atLeast("heads H", heads, 1);
        Require.atLeast("draws of V", draws, 2);
        this.s = tokens;
        this.heads = heads;
        double k2 = gaussianMean(phi, 2);
        double m1 = gaussianMean(phi, 1);
        this.k = new double[s * s];
        for (int i = 0; i < s; i++) {
            for (int j = 0; j < s; j++) {
                k[i * s + j] = i == j ? k2 : m1 * m1;
            }
        }
        // Under 1/n scaling every score tends to 0 (Section 3, Yang 2019): uniform attention.
        this.scoreScale = degenerateScores ? 0.0 : Math.sqrt(k[0]);
        double[][] gram = new double[s][s];
        for (int i = 0; i < s; i++) {
            System.arraycopy(k, i * s, gram[i], 0, s);
        }
        double[][] root = degenerateScores ? new double[s][s] : PsdRoot.symmetric(gram, k[0]);
        this.variance = new ConditionalVariance(gram, root, 1, heads);
        this.v = ParallelSampler.of(seed).sample(draws, (rng, out, from, to) -> {
            ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
            double[] z = new double[s];
            double[] p = new double[s];
            double[] w = new double[s];
            for (int t = from; t < to; t++) {
                out[t] = variance.draw(g, z, p, w);
            }
        }, null);
        double sum = 0;
        double sum2 = 0;
        double sum4 = 0;
        double max = 0;
        for (double x : v) {
            sum += x;
            sum2 += x * x;
            sum4 += x * x * x * x;
            max = Math.max(max, x);
        }
        this.mean = sum / v.length;
        this.secondMoment = sum2 / v.length;
        this.fourthOfV = sum4 / v.length;
        this.nodes = groupMeans(v, Math.min(NODES, v.length));
        double min = Double.POSITIVE_INFINITY;
        for (double node : nodes) {
            min = Math.min(min, node);
        }
        this.minNode = min;
        double hi = 12 * Math.sqrt(max);
        this.table = TabulatedLaw.of(this::mixtureCdf, this::mixturePdf, -hi, hi, GRID);
    }

    /**
     * @param draws M, the number of draws of V behind moments and curves (e.g. 20 000)
     * @return the limit of the paper's layer with activation φ, {@code s} tokens, {@code H} heads, all σ = 1
     */
    public static HierarchicalLimit of(Activation phi, int tokens, int heads, int draws, long seed) {
        return new HierarchicalLimit(phi, tokens, heads, false, draws, seed);
    }

    /**
     * @param degenerateScores whether every score tends to 0 (the {@code 1/n} scaling of Yang 2019,
     *     Section 5.2): uniform attention
     * @return the limit of the paper's layer with H heads (low-rank heads too, as in Figure 3), all σ = 1
     */
    public static HierarchicalLimit of(Activation phi, int tokens, int heads, boolean degenerateScores, int draws,
            long seed) {
        return new HierarchicalLimit(phi, tokens, heads, degenerateScores, draws, seed);
    }

    /**
     * The sorted draws cut into {@code m} groups of equal size, each replaced by its mean: the curves
     * then cost m instead of M terms, and since {@code Φ(x/√V)} is smooth in V the error is of the
     * order of the within-group variance of V (second order), far below the Monte Carlo error.
     */
    private static double[] groupMeans(double[] draws, int m) {
        double[] sorted = draws.clone();
        java.util.Arrays.sort(sorted);
        double[] out = new double[m];
        for (int g = 0; g < m; g++) {
            int from = (int) ((long) g * sorted.length / m);
            int to = (int) ((long) (g + 1) * sorted.length / m);
            double acc = 0;
            for (int i = from; i < to; i++) {
                acc += sorted[i];
            }
            out[g] = acc / (to - from);
        }
        return out;
    }

    private double mixtureCdf(double x) {
        double acc = 0;
        for (double var : nodes) {
            acc += Normal.cdf(x / Math.sqrt(var));
        }
        return acc / nodes.length;
    }

    private double mixturePdf(double x) {
        double acc = 0;
        for (double var : nodes) {
            double sd = Math.sqrt(var);
            acc += Normal.pdf(x / sd) / sd;
        }
        return acc / nodes.length;
    }

    /** @return {@code E[φ(Z)^k]}, Z ~ N(0,1), by composite Simpson on [−12, 12] split at φ's breakpoints */
    static double gaussianMean(Activation phi, int power) {
        double[] bp = phi.breakpoints();
        double[] cuts = new double[bp.length + 2];
        cuts[0] = -12;
        cuts[cuts.length - 1] = 12;
        int m = 1;
        for (double b : bp) {
            if (b > -12 && b < 12) {
                cuts[m++] = b;
            }
        }
        cuts[m] = 12;
        double total = 0;
        for (int c = 0; c < m; c++) {
            int pieces = 4000;
            double a = cuts[c];
            double h = (cuts[c + 1] - a) / pieces;
            for (int i = 0; i < pieces; i++) {
                double l = a + i * h;
                total += h / 6 * (f(phi, l, power) + 4 * f(phi, l + h / 2, power) + f(phi, l + h, power));
            }
        }
        return total;
    }

    private static double f(Activation phi, double t, int power) {
        return Math.pow(phi.apply(t), power) * Normal.pdf(t);
    }

    /** @return {@code E y = 0} (exact: {@code y = √V ξ}, ξ symmetric) */
    @Override
    public Estimate mean() {
        return Estimate.exact(0);
    }

    /** @return {@code Var y = E[V]}, the mean of the M draws, ± 3 standard errors */
    @Override
    public Estimate variance() {
        return new Estimate(mean, 3 * Math.sqrt(Math.max(secondMoment - mean * mean, 0) / v.length));
    }

    /** @return {@code E y⁴ = 3E[V²]}, the mean over the draws, ± 3 standard errors */
    @Override
    public Estimate centralFourthMoment() {
        return new Estimate(3 * secondMoment,
                9 * Math.sqrt(Math.max(fourthOfV - secondMoment * secondMoment, 0) / v.length));
    }

    /** @return {@code 3E[V²]/E[V]² − 3} with its error propagated ({@link Estimate#excessKurtosis}) */
    @Override
    public Estimate excessKurtosis() {
        return new Estimate(3 * secondMoment / (mean * mean) - 3,
                Estimate.excessKurtosis(variance(), centralFourthMoment()).error());
    }

    /**
     * @return {@code F(x) = E[Φ(x/√V)]} over the group means of the draws; error 3 standard errors bounded by
     *     {@code 3√(F(1−F)/M)} (a term in [0, 1] with mean F has variance at most {@code F(1−F)})
     */
    @Override
    public Cdf cdf(double x) {
        double f = mixtureCdf(x);
        return Cdf.continuous(f, 3 * Math.sqrt(Math.max(f * (1 - f), 0) / v.length));
    }

    /**
     * @return {@code f(x) = E[φ(x/√V)/√V]} over the group means; error 3 standard errors bounded by
     *     {@code 3√(f·f_max/M)}, {@code f_max = 1/√(2π min V)} (a term in {@code [0, f_max]} with mean f)
     */
    @Override
    public Estimate density(double x) {
        double f = mixturePdf(x);
        return new Estimate(f, 3 * Math.sqrt(f / Math.sqrt(2 * Math.PI * minNode) / v.length));
    }

    /** @return none ({@code V > 0}) */
    @Override
    public List<Atom> atoms() {
        return List.of();
    }

    @Override
    public double[] sample(int count, ParallelSampler sampler) {
        return sampler.sample(count, (rng, out, from, to) -> {
            ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
            double[] z = new double[s];
            double[] p = new double[s];
            double[] w = new double[s];
            for (int t = from; t < to; t++) {
                out[t] = Math.sqrt(variance.draw(g, z, p, w)) * g.sample();
            }
        }, null);
    }

    /** @return the sampler of {@link #sample} on {@code stream}: the same draws, one at a time */
    @Override
    public Sampler sampler(UniformRandomProvider stream) {
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(stream);
        double[] z = new double[s];
        double[] p = new double[s];
        double[] w = new double[s];
        return () -> Math.sqrt(variance.draw(g, z, p, w)) * g.sample();
    }

    /** @return the CDF and density tabulated on ±12 √(max V) ({@value #GRID} intervals), for the distances */
    public TabulatedLaw table() {
        return table;
    }

    /**
     * @return Monte Carlo over the {@code s}-dimensional scores of the H heads ({@code s·H} score dimensions, 0 for
     *     degenerate scores; the M draws of V as the node count)
     */
    @Override
    public Method method() {
        return new Method("hierarchical Monte Carlo", true, scoreScale == 0 ? 0 : s * heads, 0, v.length, true,
                Accuracy.WITHIN_TARGET, false, "hierarchical Monte Carlo over " + v.length
                + " draws of V (curves from " + nodes.length + " group means)");
    }
}

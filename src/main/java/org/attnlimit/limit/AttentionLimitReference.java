package org.attnlimit.limit;

import org.attnlimit.random.ParallelSampler;
import org.attnlimit.stats.TabulatedLaw;

/**
 * The limit of Example 3.1 computed by {@link AttentionLimit} (quadrature or quasi-Monte Carlo over one
 * head's scores, then inversion of the scale mixture), tabulated for the distance computations.
 * Used for the {@code 1/√d} scaling; for {@code 1/d} scaling, whose limit has degenerate scores, the
 * simulators' layer view ({@code finite.LayerLimit}) falls back to {@link HierarchicalLimit}.
 */
public final class AttentionLimitReference implements LimitReference {
    private static final int GRID = 4000;
    private final AttentionLimit limit;
    private final TabulatedLaw table;

    private AttentionLimitReference(AttentionLimit limit) {
        this.limit = limit;
        double maxK = 0;
        double[][] k = limit.setup().gram();
        for (int j = 0; j < k.length; j++) {
            maxK = Math.max(maxK, k[j][j]);
        }
        // V ≤ σ_O²σ_V² max_j K_jj (sᵀKs ≤ max K_jl ≤ max K_jj for PSD K), so ±10 of that s.d.
        // leaves tail mass below 2e-23.
        double sd = Math.sqrt(limit.setup().sigmaO() * limit.setup().sigmaO()
                * limit.setup().sigmaV() * limit.setup().sigmaV() * maxK);
        double[] x = new double[GRID + 1];
        for (int i = 0; i <= GRID; i++) {
            x[i] = -10 * sd + 20 * sd * i / GRID;
        }
        this.table = new TabulatedLaw(x, limit.cdf(x), limit.pdf(x));
    }

    /** @return the tabulated law of {@code limit} */
    public static AttentionLimitReference of(AttentionLimit limit) {
        return new AttentionLimitReference(limit);
    }

    @Override
    public double variance() {
        return limit.variance();
    }

    @Override
    public double excessKurtosis() {
        return limit.excessKurtosis();
    }

    @Override
    public double infiniteHeadVariance() {
        return limit.infiniteHeadVariance();
    }

    @Override
    public double scoreVariance() {
        return limit.scoreVariance();
    }

    @Override
    public double[] sample(int count, ParallelSampler sampler) {
        return limit.sample(count, sampler);
    }

    @Override
    public TabulatedLaw table() {
        return table;
    }

    @Override
    public String method() {
        return limit.method();
    }
}

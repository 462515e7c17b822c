package org.attnlimit.limit;

import org.attnlimit.random.ParallelSampler;
import org.attnlimit.stats.TabulatedLaw;

/**
 * The infinite-width law the simulators are compared with (Example 3.1): {@code y | p̊ ~ N(0, V)},
 * {@code V = (σ_O²σ_V²/H) Σ_a (s^a)ᵀ K s^a}, {@code s^a = softmax(p̊^a_{1·})},
 * {@code p̊^a_{1·} ~ N(0, σ_Q²σ_K² K_11 K)} independent over heads.
 */
public interface LimitReference {

    /** @return {@code Var y = E[V]} */
    double variance();

    /** @return {@code 3E[V²]/E[V]² − 3} */
    double excessKurtosis();

    /** @return the variance of the infinite-head Gaussian limit (Remark 3.2), equal to {@code E[V]} */
    default double infiniteHeadVariance() {
        return variance();
    }

    /** @return {@code Var p̊_11 = σ_Q²σ_K² K_11²} (Figure 2a) */
    double scoreVariance();

    /** @return {@code count} samples of the limit output, deterministic for the sampler's seed */
    double[] sample(int count, ParallelSampler sampler);

    /** @return the limit CDF and density, tabulated finely enough for KS, W1 and plotting */
    TabulatedLaw table();

    /** @return where the numbers come from, e.g. "hierarchical Monte Carlo, 10^6 draws of V" */
    String method();
}

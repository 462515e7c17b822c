package org.attnlimit.random;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;
import org.apache.commons.statistics.distribution.ContinuousDistribution;

/**
 * The Bartlett factor of a standard Wishart matrix: {@code W = T Tᵀ ~ Wishart_s(n, I)} for the lower-triangular
 * {@code T} with {@code T_ii = √χ²_{n−i}} ({@code i} from 0) and {@code T_ij ~ N(0, 1)} below the diagonal, all
 * independent (Bartlett 1933; Anderson, <i>An Introduction to Multivariate Statistical Analysis</i>, Cor. 7.2.1).
 * With {@code Ĝ = L Lᵀ}, {@code L T (L T)ᵀ ~ Wishart_s(n, Ĝ)}: the Gram of {@code n} iid {@code N(0, Ĝ)} rows in
 * {@code O(s²)} draws instead of {@code O(n s)} (the exact attention samplers and verify's score samplers).
 *
 * <p>The draw order is fixed (row by row: the normals left of the diagonal, then the diagonal χ²), so a stream
 * gives the same factor wherever it is drawn. Not thread-safe: one per stream.
 */
public final class Bartlett {
    private final ZigguratSampler.NormalizedGaussian gauss;
    private final ContinuousDistribution.Sampler[] chi;

    /**
     * @param size {@code s}, the order of the factor
     * @param n the degrees of freedom, {@code n ≥ s}
     * @param rng the stream the χ² samplers draw from
     * @param gauss the normals below the diagonal (on the same stream)
     */
    public Bartlett(int size, int n, UniformRandomProvider rng, ZigguratSampler.NormalizedGaussian gauss) {
        if (!(n >= size && size >= 1)) {
            throw new IllegalArgumentException("a Bartlett factor needs n >= s >= 1, got n = " + n + ", s = " + size);
        }
        this.gauss = gauss;
        this.chi = new ContinuousDistribution.Sampler[size];
        for (int i = 0; i < size; i++) {
            chi[i] = ChiSquaredDistribution.of(n - i).createSampler(rng);
        }
    }

    /** @return the order {@code s} */
    public int size() {
        return chi.length;
    }

    /** Draws {@code T} into {@code t} ({@code s×s}, zeros above the diagonal). */
    public void draw(double[][] t) {
        int s = chi.length;
        for (int i = 0; i < s; i++) {
            for (int j = 0; j < s; j++) {
                t[i][j] = j < i ? gauss.sample() : j == i ? Math.sqrt(chi[i].sample()) : 0;
            }
        }
    }

    /** Draws {@code scale·T} into {@code l}, row-major {@code s×s} (zeros above the diagonal). */
    public void draw(double[] l, double scale) {
        int s = chi.length;
        for (int i = 0; i < s; i++) {
            for (int j = 0; j < i; j++) {
                l[i * s + j] = scale * gauss.sample();
            }
            l[i * s + i] = scale * Math.sqrt(chi[i].sample());
            for (int j = i + 1; j < s; j++) {
                l[i * s + j] = 0.0;
            }
        }
    }
}

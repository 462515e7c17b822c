package org.attnlimit.finite;

/**
 * Scaling of the dot-product score (Section 5.2, Figure 2a): {@code p = d^{-1/2}⟨q, k⟩} (the paper's,
 * with a non-degenerate Gaussian limit) or {@code p = d^{-1}⟨q, k⟩} (Yang 2019, scores tend to 0).
 * Here {@code d} is the width {@code n} for full-rank heads and the head dimension {@code d_h}
 * for low-rank heads (Appendix B.2).
 */
public enum Scaling {
    /** {@code p = d^{-1/2}⟨q, k⟩}. */
    SQRT,
    /** {@code p = d^{-1}⟨q, k⟩}. */
    LINEAR;

    /** @return the factor multiplying {@code ⟨q, k⟩} for a head dimension {@code d} */
    public double factor(int d) {
        return this == SQRT ? 1.0 / Math.sqrt(d) : 1.0 / d;
    }
}

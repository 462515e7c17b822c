package org.attnlimit.program;

/** How a score's inner product is scaled (Definition 3.1 (B)). */
public enum Scaling {
    /** {@code p = n^{−1/2}⟨g¹, g²⟩}: a non-degenerate Gaussian limit (the paper's scaling). */
    SQRT("score"),
    /** {@code p = n^{−1}⟨g¹, g²⟩} (Yang 2019): the score tends to 0 (independent centred Gaussians). */
    LINEAR("score_linear");

    private final String keyword;

    Scaling(String keyword) {
        this.keyword = keyword;
    }

    /** @return the function name in the program text */
    public String keyword() {
        return keyword;
    }
}

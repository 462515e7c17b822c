package org.attnlimit.finite;

/**
 * Which scalar a simulator records per sample: the output {@code y^1_1} of Example 3.1 (token 1,
 * coordinate 1), or a raw score of head 1, {@code p^1_{11}} or {@code p^1_{12}} (Figure 2a).
 */
public enum Readout {
    /** {@code y^1_1 = H^{-1/2} Σ_a Σ_j softmax_j(p^a_{1·}) u^a_{j,1}}. */
    OUTPUT,
    /** The score {@code p^1_{11}} of head 1 (query and key of token 1). */
    SCORE_11,
    /** The score {@code p^1_{12}} of head 1 (query of token 1, key of token 2). */
    SCORE_12
}

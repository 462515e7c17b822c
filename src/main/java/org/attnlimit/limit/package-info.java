/**
 * Limit laws: the one contract {@link org.attnlimit.limit.Law} (moments with errors, distribution function
 * on both sides of an atom, density without atoms, atoms, quantile, sampler on a caller's stream, a
 * structured method) and its engines: the law of any program output
 * ({@link org.attnlimit.limit.ProgramLaw}: conditionally Gaussian parts, nested quadrature over Gaussian
 * features, attention heads), the Example 3.1 head law ({@link org.attnlimit.limit.AttentionLimit}),
 * Fourier inversion of Gaussian mixtures, and the hierarchical sampler.
 *
 * <p>Paper: Theorem 3.1 and Corollary 3.2 (the law {@code Z^h = ψ(Z^g; p̊)}, {@code p̊} independent of
 * {@code Z^g}), Definition 3.1 (B) (the scores' covariance), Example 3.1 and Remarks 3.1–3.2 (scale
 * mixture, excess kurtosis, the infinite-head limit).
 *
 * <p>May import: calculus, numerics, program, random, stats — never finite (pairing a sampler with its
 * limit is experiment's job).
 */
package org.attnlimit.limit;

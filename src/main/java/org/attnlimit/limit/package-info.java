/**
 * Limit laws: the one contract {@link org.attnlimit.limit.Law} (moments with errors, distribution function
 * on both sides of an atom, density without atoms, atoms, quantile, sampler on a caller's stream, a
 * structured method) and its implementations: the law of any program output
 * ({@link org.attnlimit.limit.ProgramLaw#law}: conditionally Gaussian parts, nested quadrature over Gaussian
 * features, attention heads), the Example 3.1 head law ({@link org.attnlimit.limit.AttentionLimit}), its
 * hierarchical Monte Carlo ({@link org.attnlimit.limit.HierarchicalLimit}), the Gaussian law of a G-var
 * ({@link org.attnlimit.limit.GaussianLaw}) and the nested-conditioning conjecture ({@code limit.nested});
 * Fourier inversion of Gaussian mixtures, and the hierarchical sampler. A law tabulated for the distance
 * computations is a {@link org.attnlimit.limit.LawTable} (a cache, not another law type).
 *
 * <p>Paper: Theorem 3.1 and Corollary 3.2 (the law {@code Z^h = ψ(Z^g; p̊)}, {@code p̊} independent of
 * {@code Z^g}), Definition 3.1 (B) (the scores' covariance), Example 3.1 and Remarks 3.1–3.2 (scale
 * mixture, excess kurtosis, the infinite-head limit).
 *
 * <p>May import: calculus, numerics, program, random, stats — never finite (pairing a sampler with its
 * limit is experiment's job).
 */
package org.attnlimit.limit;

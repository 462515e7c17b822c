/**
 * Gaussian expectations of activations: closed forms, split quadrature and the tiers that choose between
 * them ({@link org.attnlimit.calculus.TieredExpectations}), the standard normal
 * ({@link org.attnlimit.calculus.Normal}, the one copy of φ and Φ).
 *
 * <p>Paper: the moments behind Definition 3.1 (A) (Nonlin rule {@code E[φ(Z)ψ(Z')]}), the clip and ReLU
 * moments of Example 3.1 and Appendix B.1, Proposition C.3 (pseudo-Lipschitz compositions).
 *
 * <p>May import: nothing of attnlimit (libraries only). Everything else may import it.
 */
package org.attnlimit.calculus;

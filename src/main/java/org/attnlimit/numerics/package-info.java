/**
 * Small numerical kernels shared by the engines: softmax, the square root of a positive semi-definite
 * matrix and principal directions, the one Gauss–Hermite rule ({@link org.attnlimit.numerics.HermiteRule}),
 * and the one randomised quasi-Monte Carlo driver with the one inverse normal distribution function
 * ({@link org.attnlimit.numerics.Rqmc}). (The normal density and distribution function are
 * {@code calculus.Normal}.)
 *
 * <p>Paper: none directly; the softmax of Example 3.1 and the Gaussian factorisations behind
 * Definition 3.1.
 *
 * <p>May import: nothing of attnlimit (libraries only).
 */
package org.attnlimit.numerics;

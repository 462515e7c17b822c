/**
 * Finite-width samplers of a program: exact Gaussian conditioning (any program), dense matrices (the
 * reference), the attention layer's fast paths.
 *
 * <p>Paper: the finite-width network of Section 2 and Example 3.1 that Theorem 3.1 takes to its limit;
 * Gaussian conditioning (Bolthausen 2014, Yang 2019) for exact sampling without {@code n×n} matrices.
 *
 * <p>May import: calculus, numerics, program, random — not limit.
 */
package org.attnlimit.finite;

/**
 * Small numerical kernels shared by the engines: softmax, the square root of a positive semi-definite
 * matrix and principal directions.
 *
 * <p>Paper: none directly; the softmax of Example 3.1 and the Gaussian factorisations behind
 * Definition 3.1.
 *
 * <p>May import: nothing of attnlimit (libraries only).
 */
package org.attnlimit.numerics;

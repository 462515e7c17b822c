/**
 * Hand-derived formulas checked against the calculus and the limit engine ({@code attnlimit check},
 * {@code expect}): claims, parameter spaces, verdicts and failure regions.
 *
 * <p>Paper: the moments of Example 3.1 and Appendix B.1, Definition 3.1 entries of a program.
 *
 * <p>May import: calculus, limit, program, symbolic.
 */
package org.attnlimit.check;

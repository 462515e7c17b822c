/**
 * The one model: a Netsor program with attention scores (parser, validator, templates, expressions) and
 * its Definition 3.1 limit covariances ({@link org.attnlimit.program.ProgramLimit}).
 *
 * <p>Paper: the Netsor rules (MatMul, Nonlin), Definition 3.1 (A) and (B), Assumption 3.1 (a) and (b)
 * (rejected with the rule named), the score rule of Theorem 3.1.
 *
 * <p>May import: calculus, numerics.
 */
package org.attnlimit.program;

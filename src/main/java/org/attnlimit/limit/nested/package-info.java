/**
 * The nested-conditioning law of stacked attention layers, where a score-dependent vector feeds a MatMul:
 * beyond Theorem 3.1, a conjecture, and labelled so wherever its numbers appear. Its laws implement
 * {@link org.attnlimit.limit.Law}.
 *
 * <p>Paper: extends Theorem 3.1 and Definition 3.1 (B) layer by layer (conjecture, not a statement of the paper).
 *
 * <p>May import: limit, calculus, numerics, program, random, stats — never finite.
 */
package org.attnlimit.limit.nested;

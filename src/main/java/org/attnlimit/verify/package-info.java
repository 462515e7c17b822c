/**
 * One check per statement of the paper, each a finite-width experiment against its limit with a stated
 * false-failure rate.
 *
 * <p>Paper: Theorem 3.1, Corollary 3.2, Example 3.1, Assumption 3.1, Proposition C.3, D.1, Lemmas C.4,
 * D.3–D.9, Remarks 3.1–3.2.
 *
 * <p>May import: calculus, finite, limit, numerics, program, random, stats (report only for rendering,
 * which is to move to report).
 */
package org.attnlimit.verify;

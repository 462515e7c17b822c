/**
 * Computer algebra behind one small interface: Symja on one thread with a time limit, a result accepted
 * only when it agrees with the numeric value; the closed-form catalogue and its disk cache.
 *
 * <p>Paper: the closed forms of the Nonlin moments (Definition 3.1 (A)) and of the claims checked by
 * {@code check}.
 *
 * <p>May import: calculus. The only package that imports Symja.
 */
package org.attnlimit.symbolic;

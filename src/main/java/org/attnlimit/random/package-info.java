/**
 * Seeded, chunked parallel random streams whose results do not depend on the thread count, and the run's
 * cancellation token.
 *
 * <p>Paper: none; the reproducibility contract of every sampler.
 *
 * <p>May import: nothing of attnlimit (libraries only).
 */
package org.attnlimit.random;

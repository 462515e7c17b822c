/**
 * Statistics of samples: moments with standard errors, Kolmogorov–Smirnov, Wasserstein, kernel density
 * and KL estimates, bootstrap intervals, power-law fits, tabulated laws.
 *
 * <p>Paper: the distances of the numerical experiments (Section 5, Figures 2–4).
 *
 * <p>May import: calculus, random.
 */
package org.attnlimit.stats;

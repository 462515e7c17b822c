/**
 * Studies that pair finite-width samplers with limit laws: widths, convergence rates, histograms, the
 * distances of a sample to its limit.
 *
 * <p>Paper: Section 5's experiments (Figures 2–4), Corollary 3.2 observed at finite width.
 *
 * <p>May import: calculus, finite, limit, numerics, program, random, stats.
 */
package org.attnlimit.experiment;

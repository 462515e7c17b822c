/**
 * Studies as pure functions of (program, width, seed, block): blocks that run anywhere (threads, Spark
 * executors), are stored one file each, resume, and merge into the same numbers; finite-width corrections
 * fitted across widths.
 *
 * <p>Paper: Corollary 3.2 observed at finite width, and its rate.
 *
 * <p>May import: calculus, experiment, finite, limit, numerics, program, random, stats.
 */
package org.attnlimit.study;

package org.attnlimit.stats;

/**
 * An estimate with a confidence interval.
 *
 * @param estimate the point estimate
 * @param lower lower end of the interval
 * @param upper upper end of the interval
 * @param level coverage, e.g. 0.95
 */
public record Interval(double estimate, double lower, double upper, double level) {
    /** @return half the width of the interval */
    public double halfWidth() {
        return 0.5 * (upper - lower);
    }
}

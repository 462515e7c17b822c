package org.attnlimit.stats;

import org.attnlimit.calculus.InvalidInputException;
import org.hipparchus.stat.regression.SimpleRegression;

/**
 * Least-squares fit of {@code log d = a + b·log n} (a convergence rate {@code d ∝ n^b}), with the
 * t-interval of the slope (Hipparchus {@code SimpleRegression}); one point per trial and width, so the
 * interval reflects the spread across independent trials.
 *
 * @param slope b
 * @param slopeInterval the slope's confidence interval
 * @param intercept a
 * @param points number of (n, d) points used
 */
public record PowerLawFit(double slope, Interval slopeInterval, double intercept, int points) {

    /** @return the fit through the points with {@code d > 0}, interval of level {@code 1 − alpha} */
    public static PowerLawFit of(double[] widths, double[] distances, double alpha) {
        SimpleRegression r = new SimpleRegression();
        for (int i = 0; i < widths.length; i++) {
            if (distances[i] > 0 && widths[i] > 0) {
                r.addData(Math.log(widths[i]), Math.log(distances[i]));
            }
        }
        if (r.getN() < 3) {
            throw new InvalidInputException("a rate fit needs at least 3 positive points, got " + r.getN());
        }
        double half = r.getSlopeConfidenceInterval(alpha);
        double b = r.getSlope();
        return new PowerLawFit(b, new Interval(b, b - half, b + half, 1 - alpha), r.getIntercept(), (int) r.getN());
    }
}

package org.attnlimit.limit;

/**
 * A number computed by a limit law with an estimate of its absolute error: the value lies within
 * {@code error} of the exact value, as far as the law's error budget (quadrature, inversion, and the
 * Definition 3.1 covariances it starts from) can tell. {@code value} is NaN where no value exists.
 *
 * @param value the value
 * @param error its absolute error estimate, {@code ≥ 0} (NaN when {@code value} is NaN)
 */
public record Estimate(double value, double error) {

    /** @return an exact value (error 0) */
    public static Estimate exact(double value) {
        return new Estimate(value, 0);
    }

    /** @return {@code value} with error {@code relativeError·|value|} */
    public static Estimate relative(double value, double relativeError) {
        return new Estimate(value, Math.abs(relativeError * value));
    }

    /** @return the error relative to {@code |value|} (infinite for a value 0 with an error) */
    public double relativeError() {
        return error == 0 ? 0 : error / Math.abs(value);
    }

    /**
     * The excess kurtosis {@code κ = m₄/v² − 3} with its error propagated (to first order, worst case) from
     * the errors of the variance {@code v} and the central fourth moment {@code m₄}:
     * {@code δκ = δm₄/v² + 2 m₄ δv/v³}. The one place this propagation is written.
     *
     * @param variance {@code v} with its error
     * @param fourth {@code m₄} with its error
     * @return {@code κ} with its error
     */
    public static Estimate excessKurtosis(Estimate variance, Estimate fourth) {
        double v = variance.value();
        double m4 = fourth.value();
        double k = m4 / (v * v) - 3;
        double e = fourth.error() / (v * v) + 2 * Math.abs(m4) * variance.error() / (v * v * v);
        return new Estimate(k, e);
    }
}

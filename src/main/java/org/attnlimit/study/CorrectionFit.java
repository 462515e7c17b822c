package org.attnlimit.study;

import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.LUDecomposition;
import org.hipparchus.linear.RealMatrix;

/**
 * The finite-width correction of a moment, {@code m(n) = m_∞ + b/n (+ c/n²)}: weighted least squares in
 * {@code x = 1/n} with the measured standard errors as weights, {@code β = (XᵀWX)⁻¹XᵀWy}, {@code W = diag(1/SE²)},
 * covariance {@code (XᵀWX)⁻¹} (the SEs taken as known), 95% normal intervals, and the goodness of fit
 * {@code χ² = Σ (y − Xβ)²/SE²} on {@code k − p} degrees of freedom. The widths' samples are independent (each
 * width has its own streams), so the weights are those of independent measurements.
 *
 * @param coefficients {@code m_∞, b} and, for the quadratic model, {@code c}
 * @param standardErrors their standard errors
 * @param chiSquare χ² of the fit
 * @param degreesOfFreedom {@code k − p}
 */
public record CorrectionFit(double[] coefficients, double[] standardErrors, double chiSquare, int degreesOfFreedom) {
    /** Two-sided 95% normal quantile. */
    public static final double Z95 = 1.959963984540054;

    /**
     * @param widths the widths n
     * @param values the moment at each width
     * @param se its standard error at each width (all > 0)
     * @param terms 2 for {@code m_∞ + b/n}, 3 for {@code m_∞ + b/n + c/n²}
     * @return the fit
     * @throws IllegalArgumentException with fewer than {@code terms + 1} widths (no degree of freedom left)
     */
    public static CorrectionFit of(int[] widths, double[] values, double[] se, int terms) {
        int k = widths.length;
        if (k < terms + 1) {
            throw new IllegalArgumentException("a fit with " + terms + " terms needs at least " + (terms + 1)
                    + " widths, got " + k);
        }
        double[][] xtwx = new double[terms][terms];
        double[] xtwy = new double[terms];
        for (int i = 0; i < k; i++) {
            if (!(se[i] > 0)) {
                throw new IllegalArgumentException("standard error at width " + widths[i] + " is not positive");
            }
            double w = 1 / (se[i] * se[i]);
            double[] row = row(widths[i], terms);
            for (int a = 0; a < terms; a++) {
                xtwy[a] += w * row[a] * values[i];
                for (int b = 0; b < terms; b++) {
                    xtwx[a][b] += w * row[a] * row[b];
                }
            }
        }
        RealMatrix cov = new LUDecomposition(new Array2DRowRealMatrix(xtwx)).getSolver().getInverse();
        double[] beta = cov.operate(xtwy);
        double[] ses = new double[terms];
        for (int a = 0; a < terms; a++) {
            ses[a] = Math.sqrt(cov.getEntry(a, a));
        }
        double chi2 = 0;
        for (int i = 0; i < k; i++) {
            double r = values[i] - predict(beta, widths[i]);
            chi2 += r * r / (se[i] * se[i]);
        }
        return new CorrectionFit(beta, ses, chi2, k - terms);
    }

    /** @return the fitted moment at width {@code n} (n = ∞ gives {@code m_∞}) */
    public double at(double n) {
        return predict(coefficients, n);
    }

    /** @return the 95% interval {@code [lo, hi]} of coefficient {@code j} */
    public double[] interval(int j) {
        return new double[] {coefficients[j] - Z95 * standardErrors[j], coefficients[j] + Z95 * standardErrors[j]};
    }

    private static double predict(double[] beta, double n) {
        double x = 1 / n;
        double y = 0;
        double p = 1;
        for (double b : beta) {
            y += b * p;
            p *= x;
        }
        return y;
    }

    private static double[] row(int n, int terms) {
        double[] r = new double[terms];
        double x = 1.0 / n;
        double p = 1;
        for (int a = 0; a < terms; a++) {
            r[a] = p;
            p *= x;
        }
        return r;
    }
}

package org.attnlimit.report;

import org.attnlimit.calculus.Activation;
import org.attnlimit.limit.AttentionLimit;
import org.attnlimit.limit.AttentionSetup;

/** Renders the limit law of one output coordinate (Example 3.1, {@code attnlimit limit}) as a LaTeX table. */
public final class LimitReport {
    private LimitReport() {
    }

    /**
     * @param law the limit law (Corollary 3.2: {@code Z^{y_1} | p ~ N(0, V)})
     * @param ys points where the density and cdf were evaluated, with their values and error bounds
     * @param levels quantile levels and {@code quantiles} their quantiles
     * @return the moments (rounded to the quadrature's relative error estimate), the density and cdf at the points
     *     (each rounded to its bound), and the quantiles
     */
    public static LatexTable latexTable(AttentionLimit law, double[] ys, double[] pdf, double[] pdfErr, double[] cdf,
            double[] cdfErr, double[] levels, double[] quantiles) {
        AttentionSetup s = law.setup();
        String caption = "Limit law of $Z^{y_1}$ (Example 3.1): $" + s.phi().latexName() + "$ inputs, $s=" + s.tokens() + "$, $H=" + s.heads()
                + "$, $\\sigma_Q=" + num(s.sigmaQ()) + "$, $\\sigma_K=" + num(s.sigmaK()) + "$, $\\sigma_V=" + num(s.sigmaV())
                + "$, $\\sigma_O=" + num(s.sigmaO()) + "$.";
        LatexTable.Builder t = LatexTable.builder(caption, "tab:limit-s" + s.tokens() + "-h" + s.heads())
                .text("quantity").math("definition").number("value");
        double rel = law.errorBound();
        t.row("variance", "\\mathbb{E}[V]", Latex.rounded(law.variance().value(), rel * law.variance().value(), 12));
        t.row("fourth moment", "3\\,\\mathbb{E}[V^2]", Latex.rounded(law.centralFourthMoment().value(), rel * law.centralFourthMoment().value(), 12));
        t.row("excess kurtosis", "3\\,\\mathbb{E}[V^2]/\\mathbb{E}[V]^2-3",
                Latex.rounded(law.excessKurtosis().value(), 2 * rel * (law.excessKurtosis().value() + 3), 12));
        t.row("infinite-head variance (Remark 3.2)", "\\lim_{H\\to\\infty}\\operatorname{Var}Z^{y_1}",
                Latex.rounded(law.infiniteHeadVariance(), rel * law.infiniteHeadVariance(), 12));
        t.row("score variance", "\\operatorname{Var}\\mathring{p}_{11}", Latex.decimal(law.scoreVariance(), 12));
        if (ys.length > 0) {
            t.rule();
        }
        for (int i = 0; i < ys.length; i++) {
            t.row("density", "f(" + Latex.decimal(ys[i], 6) + ")", Latex.rounded(pdf[i], pdfErr[i], 12));
        }
        for (int i = 0; i < ys.length; i++) {
            t.row("cdf", "F(" + Latex.decimal(ys[i], 6) + ")", Latex.rounded(cdf[i], cdfErr[i], 12));
        }
        if (levels.length > 0) {
            t.rule();
        }
        for (int i = 0; i < levels.length; i++) {
            t.row("quantile", "F^{-1}(" + Latex.decimal(levels[i], 6) + ")", Latex.decimal(quantiles[i], 8));
        }
        t.note("Moments by " + AsciiMath.toLatex(law.method().description()) + ", relative error estimate "
                + "$" + Latex.decimal(rel, 2) + "$; the digits shown are those it supports.");
        return t.build();
    }

    private static String num(double x) {
        return Activation.formatNumber(x);
    }
}

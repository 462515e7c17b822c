package org.attnlimit.verify;

import java.util.ArrayList;
import java.util.List;
import org.attnlimit.calculus.Activation;
import org.attnlimit.limit.AttentionLimit;
import org.attnlimit.limit.AttentionSetup;
import org.attnlimit.program.Program;
import org.attnlimit.program.ProgramLimit;

/**
 * Example 3.1 and Definition 3.1 (B) as implemented by attnlimit's {@code ProgramLimit} and
 * {@code AttentionLimit}, against the suite's own computation ({@link ScoreLimit}, {@link InputKernel},
 * {@link AttentionCase}): the score covariances of one head and of the crosswise program, the variance
 * {@code E[V]} (quadrature against quadrature) and the excess kurtosis (quadrature against Monte Carlo).
 * Deterministic rows allow {@code 1e-8} plus the implementation's stated error bound.
 */
public final class Example31Check implements Check {
    private static final double TOLERANCE = 1e-8;

    @Override
    public String name() {
        return "example-3.1";
    }

    @Override
    public String statement() {
        return "Example 3.1";
    }

    @Override
    public String claim() {
        return "ProgramLimit and AttentionLimit agree with the suite's independent limits";
    }

    @Override
    public CheckResult run(Settings settings) {
        List<CheckResult.Row> rows = new ArrayList<>();
        Activation clip = Activation.clip(1);
        ScoreArray head = ScoreArray.attentionHead(clip, 2);
        double eps = settings.perturb();
        rows.add(maxDifference("one head, s=2", headProgram(clip), ScoreLimit.of(head).covariance(), eps));
        ScoreArray cross = ScoreArray.crosswise(clip, 0.7);
        rows.add(maxDifference("crosswise, rho=0.7", crosswiseProgram(clip, 0.7), ScoreLimit.of(cross).covariance(), eps));
        int count = Remark31Check.limitCount(settings);
        for (int h : new int[] {1, 4}) {
            AttentionCase c = AttentionCase.standard(h);
            double[][] gram = new double[2][2];
            gram[0][0] = c.kernelDiagonal(0);
            gram[1][1] = c.kernelDiagonal(1);
            AttentionLimit law = AttentionLimit.of(AttentionSetup.paper(clip, 2, h).withGram(gram));
            double ev = c.meanV();
            rows.add(CheckResult.Row.check(c.label(), "Var Z^y (limit law) vs 1-D quadrature E[V]", 0, law.variance().value(),
                    0, ev, TOLERANCE + law.errorBound() * ev, ev, eps));
            double[] mc = Remark31Check.excessKurtosis(DrawCache.limitV(c, count, settings));
            rows.add(CheckResult.Row.check(c.label(), "excess kurtosis: Monte Carlo vs limit law 3(m2 - m1^2)/(H m1^2)", 0, mc[0], mc[1],
                    law.excessKurtosis().value(), 0, law.excessKurtosis().value(), eps));
            settings.progress().accept(name() + ": H = " + h);
        }
        return CheckResult.of(this, Settings.LEVEL + " for Monte Carlo rows; 1e-8 + stated error bound otherwise", rows,
                "two independent implementations of Definition 3.1 (B) and Example 3.1");
    }

    /**
     * Entry by entry against {@code Σ_kl + eps·√(Σ_kk Σ_ll)} (away from 0), so a perturbed run moves every
     * entry; the MDD is the largest entry's {@code (1e-8 + |error|)/√(Σ_kk Σ_ll)}.
     */
    private static CheckResult.Row maxDifference(String label, Program program, double[][] expected, double eps) {
        double[][] got = ProgramLimit.of(program).scoreCovariance();
        double worst = 0;
        double mdd = 0;
        for (int k = 0; k < expected.length; k++) {
            for (int l = 0; l < expected.length; l++) {
                CheckResult.Row entry = CheckResult.Row.check(label, "entry", 0, got[k][l], 0, expected[k][l], TOLERANCE,
                        Math.sqrt(expected[k][k] * expected[l][l]), eps);
                worst = Math.max(worst, Math.abs(got[k][l] - entry.limit()));
                mdd = Math.max(mdd, entry.mdd());
            }
        }
        return CheckResult.Row.of(CheckResult.Kind.CHECK, label, "max |Cov(p_ring) of the program limit - Definition 3.1 (B) by hand|",
                0, worst, 0, 0, TOLERANCE, worst <= TOLERANCE, 1, mdd);
    }

    /** {@link ScoreArray#attentionHead} with {@code s = 2} as a Netsor program. */
    static Program headProgram(Activation phi) {
        return Program.builder().inputs(List.of("h1", "h2"), new double[2], new double[][] {{1, 0}, {0, 1}})
                .nonlin("x1", phi, "h1").nonlin("x2", phi, "h2").matrix("WQ", 1).matrix("WK", 1)
                .matMul("q1", "WQ", "x1").matMul("q2", "WQ", "x2").matMul("k1", "WK", "x1").matMul("k2", "WK", "x2")
                .score("p11", "q1", "k1").score("p12", "q1", "k2").score("p21", "q2", "k1").score("p22", "q2", "k2")
                .build();
    }

    /** {@link ScoreArray#crosswise} as a Netsor program. */
    static Program crosswiseProgram(Activation phi, double rho) {
        return Program.builder().inputs(List.of("h1", "h2"), new double[2], new double[][] {{1, rho}, {rho, 1}})
                .nonlin("x", phi, "h1").nonlin("y", phi, "h2").matrix("A", 1).matrix("B", 1)
                .matMul("ax", "A", "x").matMul("by", "B", "y").matMul("bx", "B", "x").matMul("ay", "A", "y")
                .score("p1", "ax", "by").score("p2", "bx", "ay").build();
    }
}

package org.attnlimit.verify;

import java.util.List;

/**
 * Lemma D.6: {@code E X_{n,1}X_{n,2} = 0} for every {@code n}. An illustration: given the inputs the
 * sampler draws different coordinates independently and centred, so the rows cannot fail.
 */
public final class LemmaD6Check extends ScoreMomentCheck {

    /** @param cases the arrays to check */
    public LemmaD6Check(List<ScoreCase> cases) {
        super(cases);
    }

    /** The standard cases. */
    public LemmaD6Check() {
        this(ScoreCase.standard());
    }

    @Override
    public String name() {
        return "lemma-d6";
    }

    @Override
    public String statement() {
        return "Lemma D.6";
    }

    @Override
    public String claim() {
        return "E X_{n,1} X_{n,2} = 0 for every n";
    }

    @Override
    List<CheckResult.Row> rows(ScoreCase c, int n, ScoreArraySampler.Pairs d, double eps) {
        Sample s = Sample.of(pointwise(d.x1(), d.x2(), (a, b) -> a * b));
        return List.of(CheckResult.Row.illustration(c.name(), "E X_{n,1} X_{n,2} (illustration: 0 by construction)", n,
                s.mean(), s.halfWidth(), 0, 0, c.variance()));
    }

    @Override
    String note() {
        return "illustration, not a check: the sampler draws the coordinates independently and centred given the inputs, "
                + "so E X_1 X_2 = 0 holds by its construction whatever the limit";
    }
}

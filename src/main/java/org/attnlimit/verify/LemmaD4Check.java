package org.attnlimit.verify;

import java.util.List;

/**
 * Lemma D.4: {@code E X_{n,1} = 0} for every {@code n}. An illustration: the draws are centred by the
 * sampler's construction (the lemma is the same one-line argument), so no wrong limit could make it fail.
 */
public final class LemmaD4Check extends ScoreMomentCheck {

    /** @param cases the arrays to check */
    public LemmaD4Check(List<ScoreCase> cases) {
        super(cases);
    }

    /** The standard cases. */
    public LemmaD4Check() {
        this(ScoreCase.standard());
    }

    @Override
    public String name() {
        return "lemma-d4";
    }

    @Override
    public String statement() {
        return "Lemma D.4";
    }

    @Override
    public String claim() {
        return "E X_{n,1} = 0 for every n";
    }

    @Override
    List<CheckResult.Row> rows(ScoreCase c, int n, ScoreArraySampler.Pairs d, double eps) {
        Sample s = Sample.of(d.x1());
        return List.of(CheckResult.Row.illustration(c.name(), "E X_{n,1} (illustration: 0 by construction)", n, s.mean(),
                s.halfWidth(), 0, 0, Math.sqrt(c.variance())));
    }

    @Override
    String note() {
        return "illustration, not a check: the sampler draws g given the inputs as a centred Gaussian with independent "
                + "query and key matrices (Assumption 3.1 (b)), so E X = 0 holds by its construction whatever the limit";
    }
}

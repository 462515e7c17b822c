package org.attnlimit.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MathNamesTest {
    @Test
    void methodNamesBecomeTheQuantitiesTheyCompute() {
        assertThat(MathNames.of("AttentionLimit.infiniteHeadVarianceByQmc() vs 1-D quadrature E[V]"))
                .isEqualTo("E[V] by RQMC over the score vector vs 1-D quadrature E[V]");
        assertThat(MathNames.of("SomeLaw.fourthMomentGap() at n = 16")).isEqualTo("fourth moment gap at n = 16");
        assertThat(MathNames.of("E[p11^2] (direct)")).isEqualTo("E[p11^2] (direct)");
        assertThat(MathNames.of("max |ProgramLimit.scoreCovariance - Definition 3.1 (B)|"))
                .isEqualTo("max |Cov(p) from the program - Definition 3.1 (B)|");
        assertThat(MathNames.of("KS(y_1, AttentionLimit.cdf)")).isEqualTo("KS(y_1, F of the limit law)");
        assertThat(MathNames.of("OtherLaw.tailMass at 3")).isEqualTo("tail mass at 3");
    }
}

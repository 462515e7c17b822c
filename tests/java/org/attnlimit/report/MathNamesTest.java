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
    }
}

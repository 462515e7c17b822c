package org.attnlimit.symbolic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RenderingTest {

    @Test
    void texFormGetsPhiVarphiAndLosesMultiplicationDots() {
        assertThat(Rendering.latex("-1+2 \\cdot \\text{ncdf}(c)-2 \\cdot c \\cdot \\text{npdf}(c)"))
                .isEqualTo("-1+2 \\Phi(c)-2 c\\,\\varphi(c)");
    }

    @Test
    void textShowsPhiAndVarphi() {
        assertThat(Rendering.text("-1+2*ncdf(c)-2*c*npdf(c)")).isEqualTo("-1+2*Φ(c)-2*c*φ(c)");
    }

    @Test
    void shortDecimalsBecomeExactRationals() {
        assertThat(Rendering.exact(0.25)).isEqualTo("(25/100)");
        assertThat(Rendering.exact(-3)).isEqualTo("(-3)");
        assertThat(Rendering.exact(0.1 + 0.2)).isEqualTo("(0.30000000000000004)");
    }
}

package org.attnlimit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import org.attnlimit.report.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ExpectCommandTest {

    private static MainTest.Run expect(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "expect";
        System.arraycopy(args, 0, all, 1, args.length);
        return MainTest.run(all);
    }

    @Test
    void clipSecondMomentShowsTheDerivation() {
        MainTest.Run r = expect("--phi", "clip:c=1", "--moment", "2");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("-1+2*c^2*(1-Φ(c))+2*Φ(c)-2*c*φ(c)", "0.51605855", "method: symbolic");
    }

    @Test
    void momentAsJson() throws Exception {
        MainTest.Run r = expect("--phi", "relu", "--moment", "1", "--format", "json");
        assertThat(r.code()).isZero();
        JsonNode j = Json.mapper().readTree(r.out());
        assertThat(j.get("value").asDouble()).isCloseTo(0.398942, within(1e-6));
        assertThat(j.get("method").asText()).isEqualTo("symbolic");
        assertThat(j.get("latex").asText()).isNotBlank();
        assertThat(j.get("error_bound").asDouble()).isLessThan(1e-12);
        assertThat(j.get("phi").asText()).isEqualTo("relu");
        assertThat(j.get("mean").asDouble()).isZero();
        assertThat(j.get("var").asDouble()).isEqualTo(1.0);
    }

    @Test
    void pairAsJson() throws Exception {
        MainTest.Run r = expect("--phi", "relu", "--pair", "--var1", "1", "--var2", "1", "--cov", "0.3", "--format", "json");
        assertThat(r.code()).isZero();
        JsonNode j = Json.mapper().readTree(r.out());
        double rho = 0.3;
        double expected = (Math.sqrt(1 - rho * rho) + rho * (Math.PI - Math.acos(rho))) / (2 * Math.PI);
        assertThat(j.get("value").asDouble()).isCloseTo(expected, within(1e-14));
        assertThat(j.get("method").asText()).isEqualTo("identity");
        assertThat(j.get("psi").asText()).isEqualTo("relu");
        assertThat(j.get("cov").asDouble()).isEqualTo(0.3);
        assertThat(j.has("error_bound")).isTrue();
    }

    @Test
    void clipPairHasNoClosedFormAndUsesQuadrature() throws Exception {
        MainTest.Run r = expect("--phi", "clip:c=1", "--pair", "--cov", "-0.99", "--format", "json");
        JsonNode j = Json.mapper().readTree(r.out());
        assertThat(j.get("method").asText()).isEqualTo("quadrature");
        assertThat(j.get("latex").isNull()).isTrue();
    }

    @Test
    void numericFlagSkipsSymja() {
        MainTest.Run r = expect("--phi", "clip:c=1", "--moment", "2", "--numeric");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("0.51605855").doesNotContain("symbolic");
    }

    @Test
    void latexUsesPhiAndVarphi() {
        MainTest.Run r = expect("--phi", "clip:c=1", "--format", "latex");
        assertThat(r.out()).contains("\\Phi(c)", "\\varphi(c)", "\\mathbb{E}").doesNotContain("erf");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--phi clip:c=0", "--phi clip:c=-1", "--phi relu --var -1", "--phi relu --pair --cov 2",
        "--phi relu --pair --var1 1 --var2 4 --cov -2.5", "--phi foo", "--phi relu:x=1", "--phi leaky-relu:b=2",
        "--phi relu --mean NaN", "--phi relu --var NaN", "--phi relu --pair --cov NaN", "--phi relu --moment 0",
        "--phi relu --moment 5", "--phi relu --moment 1 --pair", "--phi relu --psi relu", "--phi relu --mean abc",
        "--phi relu --pair --var1 -1"})
    void badInputIsOneLineExit2(String args) {
        MainTest.Run r = expect(args.split(" "));
        assertThat(r.code()).as(args).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip()).doesNotContain("\n").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void helpTeachesWithExamples() {
        MainTest.Run r = expect("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Examples", "--pair", "--numeric", "default: 1");
    }
}

package org.attnlimit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.attnlimit.limit.nested.NestedLaw;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code program FILE --law NAME} beyond Theorem 3.1: the conjectured law, labelled in every format. */
class NestedLawCommandTest {
    static final String STACKED = """
            input x1 x2 ~ N(0, [[2, 0.6], [0.6, 0.5]])
            matrix WQ WK WV WO
            for j in 1..2: q{j} = WQ x{j}
            for j in 1..2: k{j} = WK x{j}
            for j in 1..2: u{j} = WO x{j}
            for i in 1..2, j in 1..2: p{i}{j} = score(q{i}, k{j})
            for i in 1..2: y{i} = attend(p{i}1, p{i}2; u1, u2)
            matrix WQ2 WK2 WO2
            r1 = WQ2 y1
            for j in 1..2: t{j} = WK2 y{j}
            for j in 1..2: o{j} = WO2 y{j}
            for j in 1..2: P1{j} = score(r1, t{j})
            z = attend(P11, P12; o1, o2)
            """;

    @Test
    void everyFormatCarriesTheConjectureLabel(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("stacked.netsor");
        Files.writeString(f, STACKED);
        MainTest.Run json = MainTest.run("program", f.toString(), "--beyond-theorem", "--law", "z", "--tol", "3e-2",
                "--at", "0,1", "--format", "json");
        assertThat(json.code()).as(json.err()).isZero();
        JsonNode a = new ObjectMapper().readTree(json.out());
        assertThat(a.get("status").asText()).isEqualTo(NestedLaw.LABEL);
        assertThat(a.get("method").asText()).startsWith(NestedLaw.LABEL);
        assertThat(a.get("relative_error").asDouble()).isLessThan(3e-2);
        assertThat(a.get("cdf").get(0).asDouble()).isEqualTo(0.5);
        MainTest.Run text = MainTest.run("program", f.toString(), "--beyond-theorem", "--law", "z,y1", "--tol", "3e-2");
        assertThat(text.code()).as(text.err()).isZero();
        assertThat(text.out()).contains("CONJECTURE (NESTED CONDITIONING, BEYOND THEOREM 3.1)")
                .contains("Joint moments of z, y1 (c_a = y_a - E y_a): " + NestedLaw.LABEL);
        MainTest.Run tex = MainTest.run("program", f.toString(), "--beyond-theorem", "--law", "z", "--tol", "3e-2",
                "--format", "latex");
        assertThat(tex.code()).as(tex.err()).isZero();
        assertThat(tex.out()).contains("(conjecture (nested conditioning, beyond Theorem 3.1))");
    }

    /**
     * {@code program FILE} without {@code --law} on a deep program: the covariance table, exact up to the first
     * score-dependent vector, then the conjecture's averages — labelled in text, JSON and LaTeX (values checked
     * against a hand Monte Carlo in NestedLawTest).
     */
    @Test
    void theCovarianceTableOfADeepProgramIsTheConjecturesLabelled(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("stacked.netsor");
        Files.writeString(f, STACKED);
        MainTest.Run text = MainTest.run("program", f.toString(), "--beyond-theorem");
        assertThat(text.code()).as(text.err()).isZero();
        assertThat(text.out()).contains("stacked.netsor: CONJECTURE (NESTED CONDITIONING, BEYOND THEOREM 3.1)")
                .doesNotContain("no limit is known").contains("Cov(t1, t2)").contains("Cov(P11, P12)")
                .contains("conjecture: E over the score hierarchy");
        MainTest.Run json = MainTest.run("program", f.toString(), "--beyond-theorem", "--format", "json");
        assertThat(json.code()).as(json.err()).isZero();
        JsonNode a = new ObjectMapper().readTree(json.out());
        assertThat(a.get("status").asText()).isEqualTo(NestedLaw.LABEL);
        int conjectured = 0;
        for (JsonNode e : a.get("entries")) {
            if (e.get("conjecture").asBoolean()) {
                conjectured++;
                assertThat(e.get("error_bound").asDouble()).isGreaterThanOrEqualTo(0);
            } else {
                assertThat(e.get("method").asText()).doesNotContain("conjecture");
            }
        }
        assertThat(conjectured).isGreaterThan(0);
        MainTest.Run tex = MainTest.run("program", f.toString(), "--beyond-theorem", "--format", "latex");
        assertThat(tex.code()).as(tex.err()).isZero();
        assertThat(tex.out()).contains("Definition 3.1 and the conjecture (nested conditioning, beyond Theorem 3.1)");
        MainTest.Run timeout = MainTest.run("program", f.toString(), "--beyond-theorem", "--timeout", "5");
        assertThat(timeout.code()).isEqualTo(2);
        assertThat(timeout.err()).contains("--timeout applies to the closed forms");
    }

    @Test
    void oneLayerLawsAreUnchangedAndRefuseTol() throws Exception {
        MainTest.Run json = MainTest.run("program", "theory/programs/mha-s4-h2.netsor", "--law", "y1", "--format", "json");
        assertThat(json.code()).as(json.err()).isZero();
        JsonNode a = new ObjectMapper().readTree(json.out());
        assertThat(a.has("status")).isFalse();
        assertThat(a.get("method").asText()).doesNotContain("conjecture");
        assertThat(MainTest.run("program", "theory/programs/mha-s4-h2.netsor", "--law", "y1").out())
                .contains("(Theorem 3.1: Z^h = psi(Z^g; p), p independent of Z^g)").doesNotContain("CONJECTURE");
        MainTest.Run tol = MainTest.run("program", "theory/programs/mha-s4-h2.netsor", "--law", "y1", "--tol", "1e-3");
        assertThat(tol.code()).isEqualTo(2);
        assertThat(tol.err()).contains("--tol applies to the conjectured law");
        MainTest.Run noLaw = MainTest.run("program", "theory/programs/mha-s4-h2.netsor", "--tol", "1e-3");
        assertThat(noLaw.code()).isEqualTo(2);
    }
}

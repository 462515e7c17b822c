package org.attnlimit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.attnlimit.report.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgramCommandTest {

    @Test
    void latexTableForTheS2Example() {
        MainTest.Run r = MainTest.run("program", "theory/programs/attention-s2.netsor", "--format", "latex", "--numeric");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("\\begin{table}", "\\toprule", "\\operatorname{Cov}(\\mathring{p_{11}}, \\mathring{p_{11}})",
                "C(q_{1},q_{1})C(k_{1},k_{1})");
    }

    @Test
    void latexCarriesSymbolicClosedForms() {
        MainTest.Run r = MainTest.run("program", "theory/programs/attention-s2.netsor", "--format", "latex");
        assertThat(r.code()).as(r.err()).isZero();
        // Appendix B.1: E[clip_c(Z)²] = 2Φ(c) − 1 − 2cφ(c) + 2c²(1 − Φ(c)), as derived by Symja.
        assertThat(r.out()).contains("\\Phi(c)", "\\varphi(c)");
    }

    @Test
    void jsonHasTheScoreCovariance() throws Exception {
        MainTest.Run r = MainTest.run("program", "theory/programs/crosswise.netsor", "--format", "json");
        assertThat(r.code()).isZero();
        JsonNode root = Json.mapper().readTree(r.out());
        assertThat(root.get("score_covariance").get("names").toString()).isEqualTo("[\"p1\",\"p2\"]");
        assertThat(root.get("score_covariance").get("matrix").get(0).get(1).asDouble()).isLessThan(-0.05);
        assertThat(root.get("entries").size()).isGreaterThan(10);
    }

    @Test
    void textNamesTheRules() {
        MainTest.Run r = MainTest.run("program", "theory/programs/attention-s2.netsor");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Definition 3.1 (A)", "Definition 3.1 (B)", "Cov(p11, p11)");
    }

    @Test
    void reluProgramWarnsOnStderrButSucceeds() {
        MainTest.Run r = MainTest.run("program", "theory/programs/attention-s2-relu.netsor");
        assertThat(r.code()).isZero();
        assertThat(r.err()).contains("warning", "Assumption 3.1");
    }

    @Test
    void malformedProgramIsOneLineWithLineNumberExit2(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.netsor");
        Files.writeString(f, "input x\nmatrix W\n\n# comment\na = W x\nb = W x\np = score(a, b)\n");
        MainTest.Run r = MainTest.run("program", f.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n")
                .contains("line 7: Assumption 3.1 (b) violated: query and key of score p both use matrix W");
        Files.writeString(f, "input x\ny = relu(z)\n");
        r = MainTest.run("program", f.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("line 2: undefined name 'z'");
    }

    @Test
    void missingFileIsExit2() {
        MainTest.Run r = MainTest.run("program", "no/such/file.netsor");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("cannot read program file");
    }
}

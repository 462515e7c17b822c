package org.attnlimit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.attnlimit.report.Json;
import org.junit.jupiter.api.Test;

class VerifyCommandTest {

    /**
     * The whole quick suite: every check consistent with the paper's limits. About 400 intervals at
     * two-sided α = 1e-6 each: a false failure has probability below 1e-3, and none with this fixed seed.
     */
    @Test
    void quickSuiteIsConsistent() throws Exception {
        MainTest.Run r = MainTest.run("verify", "--quick", "--format", "json", "--threads", "2");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode root = Json.mapper().readTree(r.out());
        assertThat(root.get("consistent").asBoolean()).isTrue();
        assertThat(root.get("checks")).hasSizeGreaterThanOrEqualTo(16);
        for (JsonNode c : root.get("checks")) {
            assertThat(c.get("verdict").asText()).as(c.get("name").asText()).isEqualTo("consistent");
        }
        assertThat(r.err()).contains("[1/", "checks consistent");
    }

    @Test
    void oneCheckInEachFormat() {
        MainTest.Run text = MainTest.run("verify", "--check", "lemma-c4", "--quick");
        assertThat(text.code()).isZero();
        assertThat(text.out()).contains("Lemma C.4", "sup ratio, order 2", "verdict: CONSISTENT");
        assertThat(MainTest.run("verify", "--check", "lemma-c4", "--quick", "--format", "markdown").out())
                .contains("| check | statement | verdict |", "`lemma-c4`");
        assertThat(MainTest.run("verify", "--check", "lemma-c4", "--quick", "--format", "latex").out())
                .contains("\\begin{tabular}", "\\end{document}");
    }

    @Test
    void userProgramIsChecked() {
        // The repository's example program, run as a user would: Proposition D.1 on its own scores.
        MainTest.Run r = MainTest.run("verify", "--program", "theory/programs/crosswise.netsor", "--quick",
                "--threads", "2");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("crosswise.netsor p1,p2", "verdict: CONSISTENT");
    }

    @Test
    void listNamesEveryCheck() {
        MainTest.Run r = MainTest.run("verify", "--list");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("lemma-d3", "lemma-d9", "proposition-d1", "theorem-3.1", "remark-3.2");
    }

    @Test
    void badInputIsOneLineExit2() {
        for (String[] args : new String[][] {
            {"verify", "--check", "lemma-z9"},
            {"verify", "--format", "xml"},
            {"verify", "--widths", "64,16"},
            {"verify", "--samples", "10"},
            {"verify", "--seed", "abc"},
            {"verify", "--program", "no-such-file.netsor"}}) {
            MainTest.Run r = MainTest.run(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err().strip()).as(String.join(" ", args)).doesNotContain("\n");
        }
    }
}

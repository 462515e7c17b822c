package org.attnlimit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The top-level command list, "did you mean" hints, the names --law accepts, and the shared default layer. */
class HelpAndHintsTest {

    @Test
    void commandListGivesWholeSummaries() {
        MainTest.Run r = MainTest.run("--help");
        assertThat(r.code()).isZero();
        String list = r.out().substring(r.out().indexOf("Commands:"), r.out().indexOf("Exit codes:"));
        for (String line : list.strip().lines().skip(1).toList()) {
            // one line per command, ending where its sentence ends (not cut after "for centred" or "(MatMul")
            assertThat(line).as(line).matches("  [a-z]+ +\\S.*").doesNotEndWith(":").doesNotEndWith("(MatMul");
        }
        assertThat(list).contains("expect ", "notebooks ", "Example 3.1");
    }

    @Test
    void mistypedOptionsAndCommandsGetSuggestions() {
        assertThat(MainTest.run("limit", "--token", "3").err()).contains("did you mean --tokens?");
        assertThat(MainTest.run("limit", "--head", "2").err()).contains("did you mean --heads");
        MainTest.Run r = MainTest.run("expec", "--phi", "relu");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("did you mean expect").doesNotContain("\n ");
    }

    @Test
    void lawWithAnUnknownNameListsTheVectors() {
        MainTest.Run r = MainTest.run("program", "theory/programs/attention-s2.netsor", "--law", "y");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n")
                .contains("no vector named 'y' in attention-s2.netsor; vectors: h, h1, h2, x1, x2, q1");
    }

    @Test
    void limitAndSimulateDefaultToTheSameLayer() {
        // the paper's Figure 1 layer: clip with c = 100, s = 4 tokens, H = 2 heads
        assertThat(MainTest.run("limit").out()).contains("phi = clip:c=100, s = 4, H = 2,");
        assertThat(MainTest.run("simulate", "--samples", "200", "--width", "16", "--bootstrap", "0").out())
                .contains("clip:c=100 n=16 s=4 H=2");
    }
}

package org.attnlimit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TheoryCommandTest {

    @Test
    void rendersEachFormat() {
        assertThat(MainTest.run("theory", "--format", "dot").out()).startsWith("digraph proof");
        assertThat(MainTest.run("theory", "--format", "mermaid").out()).startsWith("graph BT");
        assertThat(MainTest.run("theory", "--format", "LaTeX").out()).contains("\\begin{document}", "Lemma D.7");
        MainTest.Run md = MainTest.run("theory");
        assertThat(md.code()).isZero();
        assertThat(md.out()).contains("```mermaid", "## Proposition D.1", "--check lemma-d7");
    }

    @Test
    void unknownFormatIsOneLineExit2() {
        MainTest.Run r = MainTest.run("theory", "--format", "xml");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n").contains("unknown format 'xml'");
    }
}

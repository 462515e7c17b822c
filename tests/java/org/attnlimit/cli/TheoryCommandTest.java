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
    void drawsSvgAndPngWithoutGraphviz(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        MainTest.Run svg = MainTest.run("theory", "--format", "svg");
        assertThat(svg.code()).as(svg.err()).isZero();
        assertThat(svg.out()).contains("<svg", "</svg>");
        for (org.attnlimit.report.ProofMap.Node n : org.attnlimit.report.ProofMap.load().nodes()) {
            assertThat(svg.out()).as("a box for " + n.label()).contains(n.label());
        }
        java.nio.file.Path png = dir.resolve("map.png");
        MainTest.Run p = MainTest.run("theory", "--format", "png", "--out", png.toString());
        assertThat(p.code()).as(p.err()).isZero();
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isGreaterThan(1000);
        // a PNG is binary: without --out it is refused with one line, exit 2
        MainTest.Run noOut = MainTest.run("theory", "--format", "png");
        assertThat(noOut.code()).isEqualTo(2);
        assertThat(noOut.err().strip()).doesNotContain("\n").contains("--out");
    }

    @Test
    void unknownFormatIsOneLineExit2() {
        MainTest.Run r = MainTest.run("theory", "--format", "xml");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n").contains("unknown format 'xml'");
    }
}

package org.attnlimit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReproduceCommandTest {
    private static final String[] FIGURES = {
        "fig1a_densities", "fig1b_kl", "fig1c_ks_w1", "fig1d_rate", "fig2a_scores", "fig2b_heads", "fig2b_heads_log", "fig2b_tails",
        "fig3a_densities", "fig3b_kl", "fig3c_ks_w1", "fig4a_densities", "fig4b_kl", "fig4c_ks_w1",
        "fig5a_densities", "fig5b_kl", "fig5c_ks_w1", "fig6_sigmoid"};

    @Test
    void quickRunWritesEveryFigureCsvAndTheReport(@TempDir Path dir) throws Exception {
        MainTest.Run r = MainTest.run("reproduce", "--quick", "--no-notebooks", "--out", dir.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("report.md");
        String report = Files.readString(dir.resolve("report.md"));
        for (String f : FIGURES) {
            assertThat(dir.resolve(f + ".csv")).isNotEmptyFile();
            assertThat(new String(Files.readAllBytes(dir.resolve(f + ".pdf")), java.nio.charset.StandardCharsets.ISO_8859_1))
                    .startsWith("%PDF-").contains("FontFile2"); // a TrueType font embedded
            BufferedImage png = ImageIO.read(dir.resolve(f + ".png").toFile());
            assertThat(png).as(f + ".png decodes").isNotNull();
            assertThat(png.getWidth()).as("3.5 in at 300 dpi").isEqualTo(1050);
            assertThat(Files.readString(dir.resolve(f + ".tex"))).contains("\\begin{tikzpicture}", "\\attnlimitfigdata");
            assertThat(report).contains(f + ".png", f + ".pdf", f + ".tex");
        }
        // every figure's pgfplots file compiles as an \\input, reading its CSV
        org.attnlimit.report.figure.FigureWriterTest.compile(dir, FIGURES);
        assertThat(report).contains("KS", "W1", "floor", "Fitted rates");
        for (String f : FIGURES) {
            String csv = Files.readString(dir.resolve(f + ".csv"));
            // every figure's data states how it was made: its sample size and its seed(s)
            assertThat(csv.lines().takeWhile(l -> l.startsWith("# ")).toList()).as(f)
                    .anyMatch(l -> l.contains("samples")).anyMatch(l -> l.contains("seed"));
            assertThat(csv).as(f).doesNotContain("NaN", "Infinity");
        }
        // Remark 3.1: the limit's tail is heavier than the Gaussian of the same variance, less so as H grows
        java.util.List<String> rows = Files.readAllLines(dir.resolve("fig2b_tails.csv")).stream()
                .filter(l -> !l.startsWith("#")).toList();
        java.util.List<String> header = java.util.List.of(rows.get(0).split(","));
        String[] at = rows.stream().skip(1).map(l -> l.split(",", -1))
                .filter(c -> !c[header.indexOf("limit_tail_H16")].isEmpty()).reduce((a, b) -> b).orElseThrow();
        double h1 = Double.parseDouble(at[header.indexOf("limit_tail_H1")]);
        double h2 = Double.parseDouble(at[header.indexOf("limit_tail_H2")]);
        double h16 = Double.parseDouble(at[header.indexOf("limit_tail_H16")]);
        double gauss = Double.parseDouble(at[header.indexOf("gaussian_tail")]);
        assertThat(h1).isGreaterThan(h2);
        assertThat(h2).isGreaterThan(h16);
        assertThat(h16).isGreaterThan(gauss);
    }

    @Test
    void badThreadCountIsExit2() {
        MainTest.Run r = MainTest.run("reproduce", "--threads", "0");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n").contains("threads");
    }
}

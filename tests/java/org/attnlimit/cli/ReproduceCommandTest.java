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
        "fig1a_densities", "fig1b_kl", "fig1c_ks_w1", "fig1d_rate", "fig2a_scores", "fig2b_heads",
        "fig3a_densities", "fig3b_kl", "fig3c_ks_w1", "fig4a_densities", "fig4b_kl", "fig4c_ks_w1",
        "fig5a_densities", "fig5b_kl", "fig5c_ks_w1", "fig6_sigmoid"};

    @Test
    void quickRunWritesEveryFigureCsvAndTheReport(@TempDir Path dir) throws Exception {
        MainTest.Run r = MainTest.run("reproduce", "--quick", "--out", dir.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("report.md");
        String report = Files.readString(dir.resolve("report.md"));
        for (String f : FIGURES) {
            assertThat(dir.resolve(f + ".csv")).isNotEmptyFile();
            assertThat(dir.resolve(f + ".svg")).isNotEmptyFile();
            assertThat(Files.readString(dir.resolve(f + ".svg"))).contains("<svg");
            BufferedImage png = ImageIO.read(dir.resolve(f + ".png").toFile());
            assertThat(png).as(f + ".png decodes").isNotNull();
            assertThat(png.getWidth()).isPositive();
            assertThat(report).contains(f + ".png");
        }
        assertThat(report).contains("KS", "W1", "floor", "Fitted rates");
    }

    @Test
    void badThreadCountIsExit2() {
        MainTest.Run r = MainTest.run("reproduce", "--threads", "0");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n").contains("threads");
    }
}

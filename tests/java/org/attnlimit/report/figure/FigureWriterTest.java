package org.attnlimit.report.figure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.graphics.PDXObject;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.text.PDFTextStripper;
import org.attnlimit.report.LatexCompile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The figure files: a PDF whose every font is embedded and whose text is text (not outlines), a PNG at 300 dpi, a
 * CSV with the title as a comment and none in the image, and a pgfplots picture that compiles as an
 * {@code \input} — for a figure with every kind of series, blanks, and zeros on a log axis.
 */
public class FigureWriterTest {

    /** Every series kind; a blank (NaN) and a zero on the log y axis (gaps, not lines). */
    static Figure sample() {
        double[] n = {16, 64, 256, 1024, 4096};
        double[] ks = {0.08, 0.03, 0.012, 0.006, 0.005};
        double[] se = {0.004, 0.002, 0.001, 0.0008, 0.0007};
        double[] lo = {0.004, 0.004, 0.0035, 0.004, 0.0038};
        double[] hi = {0.006, 0.0065, 0.006, 0.0062, 0.006};
        double[] mean = {0.005, 0.005, 0.0048, 0.005, 0.0049};
        double[] fit = {0.1, 0.05, 0.025, 0.0125, Double.NaN};
        double[] hist = {0.02, 0, 0.01, 0.03, 0.01};
        return Figure.builder("width n", "KS distance (σ², Φ)")
                .comments(List.of("Test figure: every kind of series", "seed: 1"))
                .column("width", n).column("ks", ks).column("ks_se", se).column("floor_lo", lo).column("floor_hi", hi)
                .column("floor", mean).column("fit", fit).column("hist", hist)
                .xLog().yLog().xTicks(n)
                .band("noise floor (range)", "width", "floor_lo", "floor_hi", Palette.REFERENCE)
                .dashed(null, "width", "floor", Palette.REFERENCE)
                .errorBars("KS ± SE", "width", "ks", "ks_se", Palette.sequential(0, 2))
                .step("histogram", "width", "hist", Palette.sequential(1, 2))
                .limit("fit n^−1/2, n → ∞", "width", "fit")
                .build();
    }

    @Test
    void writesAnEmbeddedFontPdfA300DpiPngTheCsvAndAPgfplotsPicture(@TempDir Path dir) throws Exception {
        FigureWriter.write(dir, "figtest", sample());
        if (System.getProperty("figures.keep") != null) {
            FigureWriter.write(Path.of(System.getProperty("figures.keep")), "figtest", sample());
        }
        for (String ext : FigureWriter.EXTENSIONS) {
            assertThat(dir.resolve("figtest." + ext)).isRegularFile();
        }
        try (PDDocument doc = PDDocument.load(dir.resolve("figtest.pdf").toFile())) {
            assertThat(doc.getNumberOfPages()).isEqualTo(1);
            PDPage page = doc.getPage(0);
            assertThat(page.getMediaBox().getWidth()).isEqualTo(252f);
            List<PDFont> fonts = fonts(page.getResources());
            assertThat(fonts).isNotEmpty();
            for (PDFont f : fonts) {
                assertThat(f.isEmbedded()).as(f.getName() + " embedded").isTrue();
                assertThat(f.getName()).contains("LiberationSans");
            }
            // text is text (searchable, selectable), and the title is not baked into the image
            String text = new PDFTextStripper().getText(doc);
            assertThat(text).contains("width n", "1024", "KS ± SE").doesNotContain("Test figure");
        }
        BufferedImage png = ImageIO.read(dir.resolve("figtest.png").toFile());
        assertThat(png.getWidth()).isEqualTo(1050); // 3.5 in at 300 dpi
        String csv = Files.readString(dir.resolve("figtest.csv"));
        assertThat(csv).startsWith("# Test figure: every kind of series\n# seed: 1\nwidth,ks,ks_se,");
        // the blank of the fit column stays blank (pandas reads NaN, pgfplots a gap)
        assertThat(csv.lines().filter(l -> l.startsWith("4096.")).findFirst().orElseThrow()).contains(",,");
        String tex = Files.readString(dir.resolve("figtest.tex"));
        assertThat(tex).contains("{\\attnlimitfigdata figtest.csv}", "xtick={16,64,256,1024,4096}", "xticklabels={16,64,256,1024,4096}", "fill between",
                "y error=ks_se", "const plot mark mid", "black, line width=1.2pt").doesNotContain("Test figure: every kind\\");
        compile(dir, "figtest");
    }

    @Test
    void aNarrowLogAxisGetsThePdfsTicksInPgfplotsToo(@TempDir Path dir) throws Exception {
        // 0.006 .. 0.03 spans under a decade: pgfplots alone would label it 10^{-2}, 10^{-1.5}
        double[] n = {16, 64, 256};
        Figure narrow = Figure.builder("width n", "distance").column("width", n)
                .column("ks", new double[] {0.03, 0.012, 0.006}).xLog().yLog().xTicks(n)
                .points("KS", "width", "ks", Palette.qualitative(0)).build();
        FigureWriter.write(dir, "narrow", narrow);
        assertThat(Files.readString(dir.resolve("narrow.tex"))).contains("ytick={0.01,0.02}", "yticklabels={0.01,0.02}");
        // negative control: over two decades and more pgfplots' own 10^k labels stay
        assertThat(PgfPlots.picture(sample(), "figtest.csv")).doesNotContain("yticklabels");
        compile(dir, "narrow");
    }

    @Test
    void aSeriesNamingAMissingColumnIsRefused() {
        Figure.Builder b = Figure.builder("x", "y").column("x", new double[] {1, 2}).line("a", "x", "nope", Palette.LIMIT);
        assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'nope'");
    }

    @Test
    void sequentialColoursAreOrderedFromDarkToLight() {
        double previous = -1;
        for (int i = 0; i < 6; i++) {
            java.awt.Color c = Palette.sequential(i, 6);
            double luminance = 0.2126 * c.getRed() + 0.7152 * c.getGreen() + 0.0722 * c.getBlue();
            assertThat(luminance).isGreaterThan(previous);
            previous = luminance;
        }
    }

    /** Every font of the page and of the form XObjects it draws. */
    private static List<PDFont> fonts(PDResources resources) throws IOException {
        List<PDFont> out = new ArrayList<>();
        if (resources == null) {
            return out;
        }
        for (COSName name : resources.getFontNames()) {
            out.add(resources.getFont(name));
        }
        for (COSName name : resources.getXObjectNames()) {
            PDXObject x = resources.getXObject(name);
            if (x instanceof PDFormXObject form) {
                out.addAll(fonts(form.getResources()));
            }
        }
        return out;
    }

    /**
     * Compiles {@code base.tex} as an {@code \input} inside a two-column article (its {@code \linewidth} is a
     * column) with the preamble the file asks for; skipped without pgfplots, except under {@code CI=true}.
     */
    public static void compile(Path dir, String... bases) throws Exception {
        requirePgfplots();
        StringBuilder doc = new StringBuilder("\\documentclass[twocolumn]{article}\n\\usepackage{pgfplots}\n"
                + "\\usepgfplotslibrary{fillbetween}\n\\pgfplotsset{compat=1.16}\n\\begin{document}\n");
        for (String base : bases) {
            doc.append("\\begin{figure}\\input{").append(base).append(".tex}\\caption{").append(base.replace("_", "\\_"))
                    .append("}\\end{figure}\n");
        }
        doc.append("\\end{document}\n");
        Path main = dir.resolve("figures-main.tex");
        Files.writeString(main, doc);
        String log = LatexCompile.compile(main);
        assertThat(log).doesNotContain("Package pgfplots Error");
    }

    public static void requirePgfplots() throws IOException, InterruptedException {
        Path kpsewhich = Path.of(LatexCompile.pdflatex()).resolveSibling("kpsewhich");
        boolean found = false;
        if (Files.isExecutable(kpsewhich)) {
            Process p = new ProcessBuilder(kpsewhich.toString(), "pgfplots.sty").redirectErrorStream(true).start();
            found = !new String(p.getInputStream().readAllBytes()).isBlank();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        if (!found) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                org.assertj.core.api.Assertions.fail("CI=true but pgfplots.sty is missing (apt-get install texlive-pictures)");
            }
            org.junit.jupiter.api.Assumptions.abort("pgfplots.sty is not installed (texlive-pictures): figures not compiled");
        }
    }
}

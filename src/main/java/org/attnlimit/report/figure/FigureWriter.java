package org.attnlimit.report.figure;

import de.rototor.pdfbox.graphics2d.PdfBoxGraphics2D;
import de.rototor.pdfbox.graphics2d.PdfBoxGraphics2DFontTextDrawer;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.attnlimit.report.AtomicFiles;
import org.attnlimit.report.Csv;

/**
 * Writes a {@link Figure} as four files in one directory, each atomically:
 * <ul>
 *   <li>{@code base.csv} — its data, with the title and provenance as {@code #} lines (or under
 *       {@link Figure#dataFile()});</li>
 *   <li>{@code base.pdf} — vector, 3.5 × 2.45 in, its one font (Liberation Sans) embedded as a subset;</li>
 *   <li>{@code base.png} — the same drawing at 300 dpi (1050 × 733 px), the resolution recorded in the file;</li>
 *   <li>{@code base.tex} — a pgfplots picture reading the CSV ({@link PgfPlots}), to {@code \input} in a paper.</li>
 * </ul>
 */
public final class FigureWriter {
    /** Resolution of the PNG. */
    public static final int DPI = 300;

    static {
        // ImageIO's default file cache registers a JVM shutdown hook on first use, which fails once
        // shutdown has begun — exactly when Ctrl-C asks us to write the figures finished so far.
        ImageIO.setUseCache(false);
    }

    private FigureWriter() {
    }

    /** The file extensions {@link #write} produces, CSV first. */
    public static final List<String> EXTENSIONS = List.of("csv", "pdf", "png", "tex");

    /** Writes {@code base.csv|pdf|png|tex} into {@code dir}. */
    public static void write(Path dir, String base, Figure figure) {
        String data = figure.dataFile() == null ? base : figure.dataFile();
        Csv.write(dir.resolve(data + ".csv"), figure.comments(), figure.headers(), figure.columns());
        AtomicFiles.write(dir.resolve(base + ".pdf"), out -> pdf(figure, out));
        AtomicFiles.write(dir.resolve(base + ".png"), out -> png(figure, out));
        AtomicFiles.writeString(dir.resolve(base + ".tex"), PgfPlots.picture(figure, data + ".csv"));
    }

    /** Writes the figure as a one-page vector PDF, text in the embedded Liberation Sans. */
    public static void pdf(Figure figure, OutputStream out) throws IOException {
        try (PDDocument doc = new PDDocument()) {
            PdfBoxGraphics2D g = new PdfBoxGraphics2D(doc, FigureRenderer.WIDTH, FigureRenderer.HEIGHT);
            try (PdfBoxGraphics2DFontTextDrawer fonts = new PdfBoxGraphics2DFontTextDrawer();
                    InputStream ttf = FigureRenderer.class.getResourceAsStream(FigureRenderer.FONT_RESOURCE)) {
                fonts.registerFont(FigureRenderer.font().getFontName(), ttf);
                g.setFontTextDrawer(fonts);
                FigureRenderer.render(figure, g);
                g.dispose();
                PDPage page = new PDPage(new PDRectangle(FigureRenderer.WIDTH, FigureRenderer.HEIGHT));
                doc.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
                    content.drawForm(g.getXFormObject());
                }
                doc.save(out);
            }
        }
    }

    /** Writes the figure as a PNG at {@link #DPI}. */
    public static void png(Figure figure, OutputStream out) throws IOException {
        double scale = DPI / 72.0;
        int w = (int) Math.round(FigureRenderer.WIDTH * scale);
        int h = (int) Math.round(FigureRenderer.HEIGHT * scale);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.scale(scale, scale);
        FigureRenderer.render(figure, g);
        g.dispose();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(img), null);
            IIOMetadataNode phys = new IIOMetadataNode("pHYs");
            String perMetre = Integer.toString((int) Math.round(DPI / 0.0254));
            phys.setAttribute("pixelsPerUnitXAxis", perMetre);
            phys.setAttribute("pixelsPerUnitYAxis", perMetre);
            phys.setAttribute("unitSpecifier", "meter");
            IIOMetadataNode root = new IIOMetadataNode("javax_imageio_png_1.0");
            root.appendChild(phys);
            meta.mergeTree("javax_imageio_png_1.0", root);
            writer.setOutput(ios);
            writer.write(new IIOImage(img, null, meta));
        } finally {
            writer.dispose();
        }
    }
}

package org.attnlimit.report;

import de.erichseifert.vectorgraphics2d.Document;
import de.erichseifert.vectorgraphics2d.Processors;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.CubicCurve2D;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Draws the {@link ProofMap} as a layered graph in Java, to SVG or PNG, so that no Graphviz is needed: each
 * statement a box (green when a {@code verify} check that can fail tests it, amber with a dashed edge when only an
 * illustration shows it, grey otherwise; a legend at the bottom says so), its title wrapped, never cut, layers by longest chain of dependencies
 * from the bottom (statements used by nothing in the paper at the bottom, Theorem 3.1 and its consequences at
 * the top, as the proof reads), the order within a layer by a few barycentre sweeps to reduce crossings, and
 * an arrow from each statement to those whose proofs use it. Written by hand because no library on the class
 * path lays out graphs (Graphviz is a native program); the layout is the classic Sugiyama scheme without
 * dummy nodes.
 */
public final class ProofMapDrawing {
    private static final int BOX_W = 200;
    /** Title lines per box at most (a longer title is wrapped at spaces over this many lines). */
    private static final int TITLE_LINES = 4;
    private static final int LINE_H = 13;
    private static final int BOX_H = 22 + TITLE_LINES * LINE_H;
    private static final int LEGEND_H = 30;
    private static final int GAP_X = 22;
    private static final int GAP_Y = 64;
    private static final int MARGIN = 24;
    private static final Color CHECKED = new Color(0xdf, 0xf0, 0xd8);
    private static final Color CHECKED_EDGE = new Color(0x3c, 0x76, 0x3d);
    private static final Color ILLUSTRATED = new Color(0xfc, 0xf3, 0xd9);
    private static final Color ILLUSTRATED_EDGE = new Color(0xa0, 0x7a, 0x1e);
    private static final Color NONE = new Color(0xf7, 0xf7, 0xf7);
    private static final java.awt.font.FontRenderContext FRC = new java.awt.font.FontRenderContext(null, true, true);
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.BOLD, 12);
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    private final ProofMap map;
    private final Map<String, double[]> position = new HashMap<>();
    private final int width;
    private final int height;

    private ProofMapDrawing(ProofMap map) {
        this.map = map;
        Map<String, Integer> layer = new HashMap<>();
        for (ProofMap.Node n : map.nodes()) {
            layerOf(n.id(), layer);
        }
        int layers = layer.values().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < layers; i++) {
            rows.add(new ArrayList<>());
        }
        for (ProofMap.Node n : map.nodes()) {
            rows.get(layer.get(n.id())).add(n.id());
        }
        order(rows);
        int widest = rows.stream().mapToInt(List::size).max().orElse(1);
        this.width = 2 * MARGIN + widest * BOX_W + (widest - 1) * GAP_X;
        this.height = 2 * MARGIN + layers * BOX_H + (layers - 1) * GAP_Y + LEGEND_H;
        for (int l = 0; l < layers; l++) {
            List<String> row = rows.get(l);
            double rowWidth = row.size() * BOX_W + (row.size() - 1) * GAP_X;
            double x0 = (width - rowWidth) / 2;
            double y = height - LEGEND_H - MARGIN - BOX_H - l * (BOX_H + GAP_Y);
            for (int i = 0; i < row.size(); i++) {
                position.put(row.get(i), new double[] {x0 + i * (BOX_W + GAP_X), y});
            }
        }
    }

    private int layerOf(String id, Map<String, Integer> layer) {
        Integer known = layer.get(id);
        if (known != null) {
            return known;
        }
        layer.put(id, 0); // the map is acyclic (ProofMap checks it); this guards the recursion anyway
        int l = 0;
        for (String d : map.node(id).orElseThrow().dependsOn()) {
            l = Math.max(l, layerOf(d, layer) + 1);
        }
        layer.put(id, l);
        return l;
    }

    /** Barycentre ordering: alternate upward and downward sweeps, each layer sorted by its neighbours' mean index. */
    private void order(List<List<String>> rows) {
        Map<String, List<String>> users = new HashMap<>();
        for (ProofMap.Node n : map.nodes()) {
            for (String d : n.dependsOn()) {
                users.computeIfAbsent(d, k -> new ArrayList<>()).add(n.id());
            }
        }
        for (int sweep = 0; sweep < 8; sweep++) {
            boolean up = sweep % 2 == 0;
            for (int k = 1; k < rows.size(); k++) {
                int l = up ? k : rows.size() - 1 - k;
                List<String> neighbours = rows.get(up ? l - 1 : l + 1);
                Map<String, Double> key = new HashMap<>();
                List<String> row = rows.get(l);
                for (int i = 0; i < row.size(); i++) {
                    String id = row.get(i);
                    List<String> adjacent = up ? map.node(id).orElseThrow().dependsOn() : users.getOrDefault(id, List.of());
                    double sum = 0;
                    int count = 0;
                    for (String a : adjacent) {
                        int at = neighbours.indexOf(a);
                        if (at >= 0) {
                            sum += at * (double) row.size() / Math.max(1, neighbours.size());
                            count++;
                        }
                    }
                    key.put(id, count == 0 ? i : sum / count);
                }
                row.sort((a, b) -> Double.compare(key.get(a), key.get(b)));
            }
        }
    }

    /** @return the drawing as an SVG document */
    public static String svg(ProofMap map) {
        ProofMapDrawing d = new ProofMapDrawing(map);
        VectorGraphics2D g = new VectorGraphics2D();
        d.draw(g);
        Document doc = Processors.get("svg").getDocument(g.getCommands(), new PageSize(0, 0, d.width, d.height));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            doc.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** @return the drawing as a PNG image, at {@code scale} pixels per unit (2 for a sharp image) */
    public static byte[] png(ProofMap map, double scale) {
        ProofMapDrawing d = new ProofMapDrawing(map);
        BufferedImage image = new BufferedImage((int) Math.ceil(d.width * scale), (int) Math.ceil(d.height * scale),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.scale(scale, scale);
        d.draw(g);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            javax.imageio.ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private void draw(Graphics2D g) {
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setStroke(new BasicStroke(1f));
        for (ProofMap.Node n : map.nodes()) {
            double[] to = position.get(n.id());
            for (String dep : n.dependsOn()) {
                double[] from = position.get(dep);
                double x1 = from[0] + BOX_W / 2.0;
                double y1 = from[1];
                double x2 = to[0] + BOX_W / 2.0;
                double y2 = to[1] + BOX_H + 7;
                g.setColor(new Color(0x77, 0x77, 0x77));
                g.draw(new CubicCurve2D.Double(x1, y1, x1, y1 - GAP_Y * 0.6, x2, y2 + GAP_Y * 0.6, x2, y2));
                Path2D head = new Path2D.Double();
                head.moveTo(x2, y2 - 7);
                head.lineTo(x2 - 4, y2);
                head.lineTo(x2 + 4, y2);
                head.closePath();
                g.fill(head);
            }
        }
        for (ProofMap.Node n : map.nodes()) {
            double[] p = position.get(n.id());
            RoundRectangle2D box = new RoundRectangle2D.Double(p[0], p[1], BOX_W, BOX_H, 8, 8);
            box(g, box, map.status(n));
            g.setColor(Color.BLACK);
            g.setFont(LABEL);
            centre(g, n.label(), p[0], p[1] + 16);
            g.setFont(TITLE);
            List<String> lines = titleLines(n.title());
            double first = p[1] + 16 + LINE_H + (TITLE_LINES - lines.size()) * LINE_H / 2.0;
            for (int i = 0; i < lines.size(); i++) {
                centre(g, lines.get(i), p[0], first + i * LINE_H);
            }
        }
        legend(g);
    }

    private static void box(Graphics2D g, java.awt.Shape box, ProofMap.Status status) {
        g.setColor(switch (status) {
            case CHECKED -> CHECKED;
            case ILLUSTRATED -> ILLUSTRATED;
            case NONE -> NONE;
        });
        g.fill(box);
        g.setColor(switch (status) {
            case CHECKED -> CHECKED_EDGE;
            case ILLUSTRATED -> ILLUSTRATED_EDGE;
            case NONE -> Color.GRAY;
        });
        g.setStroke(status == ProofMap.Status.ILLUSTRATED
                ? new BasicStroke(1.4f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 3f}, 0f)
                : new BasicStroke(status == ProofMap.Status.CHECKED ? 1.4f : 1f));
        g.draw(box);
        g.setStroke(new BasicStroke(1f));
    }

    /** A key to the three box styles, along the bottom edge. */
    private void legend(Graphics2D g) {
        String[] text = {"checked: a verify check that can fail", "illustrated only: holds by construction, cannot fail",
            "no check (reason in proof-map.md)"};
        ProofMap.Status[] status = {ProofMap.Status.CHECKED, ProofMap.Status.ILLUSTRATED, ProofMap.Status.NONE};
        g.setFont(TITLE);
        double x = MARGIN;
        double y = height - MARGIN / 2.0 - 16;
        for (int i = 0; i < text.length; i++) {
            box(g, new RoundRectangle2D.Double(x, y, 26, 14, 5, 5), status[i]);
            g.setColor(Color.BLACK);
            g.drawString(text[i], (float) (x + 32), (float) (y + 11));
            x += 32 + TITLE.getStringBounds(text[i], FRC).getWidth() + 24;
        }
    }

    private static void centre(Graphics2D g, String text, double x, double y) {
        double w = g.getFont().getStringBounds(text, FRC).getWidth();
        g.drawString(text, (float) (x + (BOX_W - w) / 2.0), (float) y);
    }

    /** @return the title as the box shows it, wrapped at spaces */
    static List<String> titleLines(String title) {
        return wrap(title, TITLE, BOX_W - 10);
    }

    /**
     * The title in lines of at most {@code max} wide, broken at spaces; a title longer than {@link #TITLE_LINES}
     * lines is refused (a test renders every node), so no title is ever cut.
     */
    static List<String> wrap(String title, Font font, double max) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : title.split(" ")) {
            String candidate = line.length() == 0 ? word : line + " " + word;
            if (line.length() > 0 && font.getStringBounds(candidate, FRC).getWidth() > max) {
                lines.add(line.toString());
                line = new StringBuilder(word);
            } else {
                line = new StringBuilder(candidate);
            }
        }
        lines.add(line.toString());
        if (lines.size() > TITLE_LINES) {
            throw new IllegalStateException("proof map: title '" + title + "' needs " + lines.size() + " lines in a box");
        }
        return lines;
    }
}

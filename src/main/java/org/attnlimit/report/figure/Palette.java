package org.attnlimit.report.figure;

import java.awt.Color;

/**
 * Colours of the figures. An ordered parameter (the width n, the head count H) gets a sequential map, so that
 * the order reads off the colour; the limit is drawn in solid black on top of everything; unordered series use a
 * colour-blind-safe qualitative set (Okabe and Ito, 2008).
 */
public final class Palette {
    /** The limit law's colour. */
    public static final Color LIMIT = Color.BLACK;
    /** Reference curves that are not the limit (a Gaussian, a fit): dark grey. */
    public static final Color REFERENCE = new Color(0x55, 0x55, 0x55);

    /** Viridis (matplotlib's default sequential map) at 0, 1/8, ..., 1, in sRGB. */
    private static final int[] VIRIDIS = {0x440154, 0x46327e, 0x365c8d, 0x277f8e, 0x1fa187, 0x4ac16d, 0x9fda3a,
        0xc8e020, 0xfde725};
    /** Okabe–Ito: blue, vermillion, bluish green, reddish purple, orange, sky blue. */
    private static final int[] QUALITATIVE = {0x0072B2, 0xD55E00, 0x009E73, 0xCC79A7, 0xE69F00, 0x56B4E9};
    /** The map's end used for the largest parameter: viridis' last yellow is too pale on white. */
    private static final double TOP = 0.82;

    private Palette() {
    }

    /**
     * @param index 0-based position of the parameter value in increasing order
     * @param count how many values are drawn
     * @return the sequential colour of that value (dark purple for the smallest, green-yellow for the largest)
     */
    public static Color sequential(int index, int count) {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("colour index " + index + " outside 0.." + (count - 1));
        }
        double t = count == 1 ? 0.35 : TOP * index / (count - 1);
        double pos = t * (VIRIDIS.length - 1);
        int k = Math.min((int) Math.floor(pos), VIRIDIS.length - 2);
        double f = pos - k;
        Color a = new Color(VIRIDIS[k]);
        Color b = new Color(VIRIDIS[k + 1]);
        return new Color((int) Math.round(a.getRed() + f * (b.getRed() - a.getRed())),
                (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen())),
                (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue())));
    }

    /** @return the {@code index}-th qualitative colour (cycling) for unordered series */
    public static Color qualitative(int index) {
        return new Color(QUALITATIVE[Math.floorMod(index, QUALITATIVE.length)]);
    }
}

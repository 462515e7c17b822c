package org.attnlimit.report.figure;

import java.awt.Color;
import java.util.Objects;

/**
 * One series of a {@link Figure}, drawn from columns of the figure's data by name.
 *
 * @param kind how it is drawn
 * @param name the legend entry ({@code null}: no legend entry)
 * @param x the x column
 * @param y the y column (for a {@link Kind#BAND}: the lower edge)
 * @param extra the error column of {@link Kind#ERROR_BARS} (± that value), the upper edge of a {@link Kind#BAND};
 *     otherwise {@code null}
 * @param color the colour ({@link Palette})
 */
public record Series(Kind kind, String name, String x, String y, String extra, Color color) {

    /** How a series is drawn, and in which layer (bands below, the limit above everything). */
    public enum Kind {
        /** A solid line. */
        LINE,
        /** A dashed line: a reference that is not the limit (a noise floor's mean, a fit, a Gaussian). */
        DASHED,
        /** Markers joined by a thin line. */
        POINTS,
        /** Markers joined by a thin line, with vertical bars ± the {@code extra} column. */
        ERROR_BARS,
        /** A translucent band between the {@code y} (lower) and {@code extra} (upper) columns. */
        BAND,
        /** A histogram outline: bins centred at x, equally wide; a missing bin (blank, or 0 on a log axis) is a gap. */
        STEP,
        /** The limit: solid black, thicker, drawn last. */
        LIMIT;

        int layer() {
            return this == BAND ? 0 : this == LIMIT ? 2 : 1;
        }
    }

    public Series {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(x, "x column");
        Objects.requireNonNull(y, "y column");
        Objects.requireNonNull(color, "color");
        if ((kind == Kind.ERROR_BARS || kind == Kind.BAND) != (extra != null)) {
            throw new IllegalArgumentException(kind + " series " + y + ": the extra column is "
                    + (extra == null ? "missing" : "not used"));
        }
    }
}

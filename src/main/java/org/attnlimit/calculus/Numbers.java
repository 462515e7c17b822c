package org.attnlimit.calculus;

import java.util.regex.Pattern;

/**
 * The numbers a user may type: plain decimal and scientific notation in ASCII digits ({@code 2}, {@code -0.5},
 * {@code .5}, {@code 1e-3}, {@code 2.5E+4}) and, so that range checks can name them, {@code Infinity} and
 * {@code NaN}. Java's own parsers also take {@code 2d}, {@code 2f}, hexadecimal {@code 0x1p-1} and (for
 * integers) any Unicode digits such as Arabic-Indic {@code ١٠٢٤}: all refused here, with a
 * {@link NumberFormatException} the caller turns into its message.
 */
public final class Numbers {
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");
    private static final Pattern SPECIAL = Pattern.compile("[+-]?(?:Infinity|NaN)");
    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");

    private Numbers() {
    }

    /** @return whether {@code s} is a plain decimal or scientific number (no surrounding blanks) */
    public static boolean isPlain(String s) {
        return DECIMAL.matcher(s).matches();
    }

    /** @return the value of {@code s}, a plain decimal or scientific number, Infinity or NaN */
    public static double parseDouble(String s) {
        if (s == null || !(DECIMAL.matcher(s).matches() || SPECIAL.matcher(s).matches())) {
            throw new NumberFormatException("'" + s + "' is not a plain decimal number (e.g. 2, -0.5, 1e-3)");
        }
        return Double.parseDouble(s);
    }

    /** @return the value of {@code s}, an integer in ASCII digits within the range of long */
    public static long parseLong(String s) {
        if (s == null || !INTEGER.matcher(s).matches()) {
            throw new NumberFormatException("'" + s + "' is not a plain integer (ASCII digits, e.g. 1024)");
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new NumberFormatException("'" + s + "' is out of range (at most " + Long.MAX_VALUE + ")");
        }
    }

    /** @return the value of {@code s}, an integer in ASCII digits within the range of int */
    public static int parseInt(String s) {
        long v = parseLong(s);
        if (v != (int) v) {
            throw new NumberFormatException("'" + s + "' is out of range (at most " + Integer.MAX_VALUE + ")");
        }
        return (int) v;
    }
}

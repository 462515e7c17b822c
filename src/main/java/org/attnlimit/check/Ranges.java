package org.attnlimit.check;

import org.attnlimit.calculus.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Parameter ranges from {@code --param NAME=LO:HI} or {@code --param NAME=VALUE}. */
public final class Ranges {
    private Ranges() {
    }

    /**
     * A range given on the command line; {@code lo == hi} fixes the parameter.
     *
     * @param name the parameter
     * @param lo lower end
     * @param hi upper end
     */
    public record Range(String name, double lo, double hi) {
        /** @return whether the range is a single value */
        public boolean fixed() {
            return lo == hi;
        }
    }

    /**
     * Parses {@code NAME=LO:HI} or {@code NAME=VALUE} specs.
     *
     * @throws IllegalArgumentException naming the malformed spec
     */
    public static Map<String, Range> parse(List<String> specs) {
        Map<String, Range> out = new LinkedHashMap<>();
        for (String spec : specs == null ? List.<String>of() : specs) {
            for (String one : spec.split(",")) {
                Range r = parseOne(one.trim());
                if (out.put(r.name(), r) != null) {
                    throw new InvalidInputException("parameter " + r.name() + " is given a range twice");
                }
            }
        }
        return out;
    }

    private static Range parseOne(String spec) {
        int eq = spec.indexOf('=');
        if (eq <= 0) {
            throw new InvalidInputException("parameter range '" + spec + "' is malformed; write NAME=LO:HI or NAME=VALUE, e.g. c=0.05:20");
        }
        String name = spec.substring(0, eq).trim();
        String[] ends = spec.substring(eq + 1).split(":", -1);
        if (ends.length > 2) {
            throw new InvalidInputException("parameter range '" + spec + "' is malformed; write NAME=LO:HI or NAME=VALUE");
        }
        double lo = number(spec, ends[0]);
        double hi = ends.length == 2 ? number(spec, ends[1]) : lo;
        if (!(lo <= hi)) {
            throw new InvalidInputException("parameter range '" + spec + "': the lower end exceeds the upper end");
        }
        return new Range(name, lo, hi);
    }

    private static double number(String spec, String s) {
        try {
            double x = org.attnlimit.calculus.Numbers.parseDouble(s.trim());
            if (!Double.isFinite(x)) {
                throw new NumberFormatException();
            }
            return x;
        } catch (NumberFormatException e) {
            throw new InvalidInputException("parameter range '" + spec + "': '" + s.trim() + "' is not a finite number");
        }
    }

    /** Grid values of a range: both ends, interior points (geometric on a wide positive range), and the special points inside. */
    static double[] grid(Parameter p, double lo, double hi, int n, double[] specials) {
        if (lo == hi) {
            return new double[] {lo};
        }
        List<Double> v = new ArrayList<>();
        boolean geometric = lo > 0 && hi / lo >= 20;
        for (int i = 0; i < n; i++) {
            double t = (double) i / (n - 1);
            double x = geometric ? lo * Math.pow(hi / lo, t) : lo + (hi - lo) * t;
            v.add(nice(x, lo, hi));
        }
        for (double s : specials) {
            if (s >= lo && s <= hi) {
                v.add(s);
            }
        }
        return v.stream().mapToDouble(Double::doubleValue).sorted().distinct().toArray();
    }

    /** x rounded to 3 significant digits (so that grid points print short), kept inside [lo, hi]. */
    private static double nice(double x, double lo, double hi) {
        if (x == lo || x == hi || x == 0) {
            return x;
        }
        double r = Double.parseDouble(String.format(Locale.ROOT, "%.3g", x));
        return Math.max(lo, Math.min(hi, r));
    }

    /** Formats a number shortly: integers without ".0", others with up to 6 significant digits. */
    public static String format(double x) {
        if (x == Math.rint(x) && Math.abs(x) < 1e15) {
            return Long.toString((long) x);
        }
        String s = String.format(Locale.ROOT, "%.6g", x);
        if (s.contains("e")) {
            String[] p = s.split("e");
            return p[0].replaceAll("\\.?0+$", "") + "e" + Integer.parseInt(p[1]);
        }
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
}

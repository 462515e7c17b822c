package org.attnlimit.report;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Plain CSV files behind every figure: a header row, then one row per index; short columns leave blanks. */
public final class Csv {
    private Csv() {
    }

    /** Writes named columns (possibly of different lengths) to {@code file} atomically ({@link AtomicFiles}), creating parent directories. */
    public static void write(Path file, List<String> headers, List<double[]> columns) {
        if (headers.size() != columns.size()) {
            throw new IllegalArgumentException("CSV needs one header per column");
        }
        int rows = 0;
        for (double[] c : columns) {
            rows = Math.max(rows, c.length);
        }
        List<List<String>> lines = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            List<String> line = new ArrayList<>(columns.size());
            for (double[] col : columns) {
                line.add(r < col.length ? format(col[r]) : "");
            }
            lines.add(line);
        }
        writeRows(file, headers, lines);
    }

    /** Writes rows of mixed text and numbers (already formatted) under {@code headers}. */
    public static void writeRows(Path file, List<String> headers, List<List<String>> rows) {
        AtomicFiles.write(file, out -> {
            java.io.Writer w = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8);
            w.write(String.join(",", headers));
            w.write('\n');
            for (List<String> row : rows) {
                w.write(String.join(",", row));
                w.write('\n');
            }
            w.flush();
        });
    }

    /** @return a number with enough digits to round-trip typical statistics (9 significant) */
    public static String format(double x) {
        return String.format(Locale.ROOT, "%.9g", x);
    }
}

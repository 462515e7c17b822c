package org.attnlimit.report;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Plain CSV files behind every figure: optional {@code #} comment lines stating how the data were made (sample
 * size, seeds; read with {@code pandas.read_csv(f, comment="#")}), a header row, then one row per index; short
 * columns leave blanks.
 */
public final class Csv {
    private Csv() {
    }

    /** Writes named columns (possibly of different lengths) to {@code file} atomically ({@link AtomicFiles}), creating parent directories. */
    public static void write(Path file, List<String> headers, List<double[]> columns) {
        write(file, List.of(), headers, columns);
    }

    /** Writes {@code comments} as {@code #} lines, then named columns, to {@code file}. */
    public static void write(Path file, List<String> comments, List<String> headers, List<double[]> columns) {
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
        writeRows(file, comments, headers, lines);
    }

    /** Writes rows of mixed text and numbers (already formatted) under {@code headers}. */
    public static void writeRows(Path file, List<String> headers, List<List<String>> rows) {
        writeRows(file, List.of(), headers, rows);
    }

    /** Writes {@code comments} as {@code #} lines, then rows under {@code headers}, atomically ({@link AtomicFiles}). */
    public static void writeRows(Path file, List<String> comments, List<String> headers, List<List<String>> rows) {
        AtomicFiles.write(file, out -> {
            java.io.Writer w = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8);
            for (String c : comments) {
                w.write("# " + c.replace('\n', ' '));
                w.write('\n');
            }
            w.write(String.join(",", headers));
            w.write('\n');
            for (List<String> row : rows) {
                w.write(String.join(",", row));
                w.write('\n');
            }
            w.flush();
        });
    }

    /** @return a number with enough digits to round-trip typical statistics (9 significant); blank if not finite */
    public static String format(double x) {
        if (!Double.isFinite(x)) {
            return "";
        }
        return String.format(Locale.ROOT, "%.9g", x);
    }
}

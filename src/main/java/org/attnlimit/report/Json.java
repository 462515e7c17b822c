package org.attnlimit.report;

import org.attnlimit.calculus.InvalidInputException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * JSON output for the command line (Jackson). Maps keep insertion order (use {@code LinkedHashMap});
 * a NaN or infinite number is refused, since attnlimit never prints one.
 */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT);

    /** A field whose value (or an element of it) is NaN or infinite, as Jackson writes it. */
    private static final java.util.regex.Pattern NON_FINITE = java.util.regex.Pattern.compile(
            "\"([^\"]+)\"\\s*:\\s*\\[?[^\"\\]{}]*?\"?(NaN|-?Infinity)\"?\\s*[,\\]\\n}]");

    private Json() {
    }

    /**
     * Serialises a value (maps, lists, records, numbers, strings) as indented JSON.
     *
     * @throws IllegalArgumentException naming the field if it contains NaN or an infinity
     */
    public static String write(Object value) {
        try {
            String text = MAPPER.writeValueAsString(value);
            java.util.regex.Matcher m = NON_FINITE.matcher(text);
            if (m.find()) {
                // Only extreme inputs get here (the commands check what they compute): bad input, exit 2.
                throw new InvalidInputException("the result '" + m.group(1) + "' is " + m.group(2)
                        + " (the inputs overflow double precision); refusing to print it");
            }
            if (text.contains("\"NaN\"") || text.contains("Infinity\"")) {
                throw new InvalidInputException("a result is not a finite number (the inputs overflow double"
                        + " precision); refusing to print it");
            }
            return text;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** @return the shared mapper, for reading JSON (e.g. the proof map) */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}

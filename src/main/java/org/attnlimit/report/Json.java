package org.attnlimit.report;

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

    private Json() {
    }

    /**
     * Serialises a value (maps, lists, records, numbers, strings) as indented JSON.
     *
     * @throws IllegalStateException if it contains NaN or an infinity
     */
    public static String write(Object value) {
        try {
            String text = MAPPER.writeValueAsString(value);
            if (text.contains("NaN") || text.contains("Infinity")) {
                throw new IllegalStateException("refusing to print a non-finite number in JSON output");
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

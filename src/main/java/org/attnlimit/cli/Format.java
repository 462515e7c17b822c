package org.attnlimit.cli;

import java.util.Locale;

/**
 * The output formats of every command, one list: each command takes the subset it can write
 * ({@link SharedOptions.FormatOption}) and refuses the others by name.
 */
public enum Format {
    /** Plain text for a terminal. */
    text,
    /** One JSON document. */
    json,
    /** A LaTeX document (or, with {@code --fragment}, the environment alone). */
    latex,
    /** Markdown. */
    markdown,
    /** Graphviz dot. */
    dot,
    /** A Mermaid diagram. */
    mermaid,
    /** An SVG drawing. */
    svg,
    /** A PNG image (binary: a file only). */
    png;

    /** @return the format named {@code name} (any case, surrounding blanks ignored), or null */
    static Format named(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (Format f : values()) {
            if (f.name().equals(n)) {
                return f;
            }
        }
        return null;
    }
}

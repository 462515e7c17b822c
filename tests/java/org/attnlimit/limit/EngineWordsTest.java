package org.attnlimit.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The limit engines speak of the mathematics and never name a command-line option (issue: "engines' messages
 * ... never name a command-line flag"): no string literal in the code of {@code limit} (with {@code nested}) or
 * {@code program} contains {@code --word}; the CLI adds the options it offers.
 */
class EngineWordsTest {
    private static final Pattern LITERAL = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern OPTION = Pattern.compile("--[a-z]");

    static List<String> optionsNamed(Path dir) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i).strip();
                    if (line.startsWith("//") || line.startsWith("*") || line.startsWith("/*")) {
                        continue;
                    }
                    Matcher m = LITERAL.matcher(line);
                    while (m.find()) {
                        if (OPTION.matcher(m.group()).find()) {
                            found.add(dir.relativize(f) + ":" + (i + 1) + " " + m.group());
                        }
                    }
                }
            }
        }
        return found;
    }

    @Test
    void engineMessagesNameNoOption() throws IOException {
        for (String pkg : new String[] {"limit", "program"}) {
            assertThat(optionsNamed(Path.of("src/main/java/org/attnlimit", pkg))).as(pkg).isEmpty();
        }
    }

    @Test
    void theScanFindsAnOptionWhereThereIsOne() throws IOException {
        // negative control: the CLI names its options, and the scan sees them
        assertThat(optionsNamed(Path.of("src/main/java/org/attnlimit/cli"))).isNotEmpty();
    }
}

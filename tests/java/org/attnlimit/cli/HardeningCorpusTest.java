package org.attnlimit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays {@code hardening/corpus.tsv}: bad and extreme inputs with the exit code each must give, run
 * in-process ({@link Main#run}), each also held to the promise of {@link Hardening#assertClean}. A new kind of
 * bad input found is a new row.
 */
class HardeningCorpusTest {

    static Stream<Arguments> rows() throws IOException {
        List<Arguments> rows = new ArrayList<>();
        try (InputStream in = HardeningCorpusTest.class.getResourceAsStream("/hardening/corpus.tsv")) {
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i];
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cols = line.split("\t", -1);
                rows.add(Arguments.of(i + 1, Integer.parseInt(cols[0].trim()), cols[1], cols.length > 2 ? cols[2] : ""));
            }
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "line {0}: {2} -> exit {1}")
    @MethodSource("rows")
    void replays(int line, int exit, String commandLine, String fragment) {
        String[] args = words(commandLine);
        MainTest.Run r = MainTest.run(args);
        assertThat(r.code()).as("exit code of corpus line %d (%s); stderr: %s", line, commandLine, r.err()).isEqualTo(exit);
        if (exit != 0) {
            assertThat(r.err().strip().lines().count()).as("one line on stderr: %s", r.err()).isEqualTo(1);
        }
        assertThat(r.err()).contains(fragment);
        Hardening.assertClean(r, args);
    }

    /** Splits a command line at blanks; single quotes group words (no escapes). */
    static String[] words(String commandLine) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (char c : commandLine.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
                any = true;
            } else if (c == ' ' && !quoted) {
                if (any) {
                    words.add(w.toString());
                }
                w.setLength(0);
                any = false;
            } else {
                w.append(c);
                any = true;
            }
        }
        if (any) {
            words.add(w.toString());
        }
        return words.toArray(new String[0]);
    }

    @org.junit.jupiter.api.Test
    void wordsKeepQuotedBlanks() {
        assertThat(Arrays.asList(words("check --claim 'a + b' --phi relu"))).containsExactly("check", "--claim", "a + b", "--phi", "relu");
    }
}

package org.attnlimit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Output is UTF-8 whatever the locale (an integration test: a real process, after {@code package}): under
 * {@code LANG=C LC_ALL=C} the JVM's default charset is ASCII, and a {@code PrintStream} on it prints {@code ?} for
 * Φ, φ, ± and √. Run through the jar and through the {@code attnlimit} launcher, with every other locale variable
 * removed from the environment; the bytes must decode as strict UTF-8 (a malformed byte is an error, not a
 * replacement) and carry the symbols.
 */
class LocaleIT {
    private static final Path JAR = Path.of("target", "attnlimit.jar");

    @BeforeAll
    static void requireJar() {
        assertThat(JAR).as("run after mvn package").exists();
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(List<String> command) throws Exception {
        Path out = Files.createTempFile("attnlimit-locale", ".out");
        Path err = Files.createTempFile("attnlimit-locale", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            Map<String, String> env = pb.environment();
            env.keySet().removeIf(k -> k.startsWith("LC_") || k.equals("LANG") || k.equals("LANGUAGE"));
            env.put("LANG", "C");
            env.put("LC_ALL", "C");
            env.remove("JAVA_TOOL_OPTIONS");
            env.remove("JDK_JAVA_OPTIONS");
            env.put("ATTNLIMIT_JAVA_OPTS", "-Xmx512m");
            Process p = pb.start();
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("ended").isTrue();
            return new Run(p.exitValue(), strictUtf8(Files.readAllBytes(out)), strictUtf8(Files.readAllBytes(err)));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String strictUtf8(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    }

    private static List<String> jar(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Djava.awt.headless=true", "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    @Test
    void expectPrintsCapitalAndSmallPhiUnderTheCLocale() throws Exception {
        Run r = run(jar("expect", "--phi", "relu", "--mean", "0.37", "--var", "1.3"));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("\u03a6(").contains("\u03c6(").doesNotContain("?");
    }

    @Test
    void checkPrintsPlusMinusUnderTheCLocale() throws Exception {
        Run r = run(jar("check", "--phi", "clip:c=1", "--moment", "2", "--claim", "0.5"));
        assertThat(r.out() + r.err()).contains("\u00b1").doesNotContain("?");
    }

    @Test
    void theLauncherPrintsUtf8UnderTheCLocale() throws Exception {
        Path launcher = Path.of("attnlimit");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(launcher) && Files.isExecutable(Path.of("/bin/bash")),
                "no launcher or bash");
        Run r = run(List.of("/bin/bash", launcher.toString(), "expect", "--phi", "relu", "--mean", "0.37", "--var", "1.3"));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("\u03a6(").contains("\u03c6(").doesNotContain("?");
    }
}

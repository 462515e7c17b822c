package org.attnlimit.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The committed THIRD-PARTY.txt names every library the jar runs with ({@code target/lib}, copied at
 * {@code package}) with its licence, and LICENSE is the Apache License 2.0. Run after {@code package}.
 */
class ThirdPartyIT {

    @Test
    void everyRuntimeLibraryIsListedWithItsLicence() throws Exception {
        String listed = Files.readString(Path.of("THIRD-PARTY.txt"));
        List<String> jars;
        try (Stream<Path> s = Files.list(Path.of("target", "lib"))) {
            jars = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar")).sorted().toList();
        }
        assertThat(jars).isNotEmpty();
        for (String jar : jars) {
            // "artifact-1.2.3.jar" is listed as "group:artifact:1.2.3"
            String stem = jar.substring(0, jar.length() - ".jar".length());
            int dash = firstVersionDash(stem);
            String coordinate = ":" + stem.substring(0, dash) + ":" + stem.substring(dash + 1) + " ";
            assertThat(listed).as(jar + " in THIRD-PARTY.txt (regenerate: mvn -B license:add-third-party)")
                    .contains(coordinate);
        }
        assertThat(listed).contains("(GNU Lesser General Public License, Version 3) org.matheclipse:matheclipse-core");
        assertThat(Files.readString(Path.of("LICENSE"))).contains("Apache License", "Version 2.0, January 2004");
    }

    /** @return the index of the dash before the version: the first dash followed by a digit */
    private static int firstVersionDash(String stem) {
        for (int i = 0; i + 1 < stem.length(); i++) {
            if (stem.charAt(i) == '-' && Character.isDigit(stem.charAt(i + 1))) {
                return i;
            }
        }
        return stem.length();
    }
}

package org.attnlimit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** --version names the version and the commit the build came from (git.properties, written at build time). */
class VersionTest {
    @Test
    void versionNamesTheCommit() {
        MainTest.Run r = MainTest.run("--version");
        assertThat(r.code()).isZero();
        // from classes (no manifest) the version is "development"; the build wrote git.properties from this clone
        assertThat(r.out().strip()).matches("attnlimit \\S+ \\((commit [0-9a-f]{7,}(, \\d{4}-\\d{2}-\\d{2})?|commit unknown)\\)");
    }

    @Test
    void withoutBuildInformationTheCommitIsUnknown() {
        assertThat(Main.Version.commit()).doesNotContain("${");
    }
}

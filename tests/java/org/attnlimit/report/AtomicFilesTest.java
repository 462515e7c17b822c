package org.attnlimit.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesAndReplacesWholeFiles() throws Exception {
        Path f = dir.resolve("sub/out.csv");
        AtomicFiles.writeString(f, "a\n1\n");
        assertThat(Files.readString(f)).isEqualTo("a\n1\n");
        AtomicFiles.writeString(f, "b\n2\n");
        assertThat(Files.readString(f)).isEqualTo("b\n2\n");
        try (var s = Files.list(f.getParent())) {
            assertThat(s.count()).as("no temporary file left").isEqualTo(1);
        }
    }

    @Test
    void aFailureMidWriteLeavesTheOldFileAndNoTemporary() throws Exception {
        // As on a full disk: half the bytes go out, then the write fails.
        Path f = dir.resolve("y.csv");
        Files.writeString(f, "old complete output\n");
        assertThatThrownBy(() -> AtomicFiles.write(f, out -> {
            out.write("y\n0.1\n0.2".getBytes(StandardCharsets.UTF_8));
            out.flush();
            throw new IOException("No space left on device");
        })).isInstanceOf(AtomicFiles.OutputFailure.class)
                .hasMessage("cannot write " + f + ": No space left on device");
        assertThat(Files.readString(f)).isEqualTo("old complete output\n");
        assertThat(names()).containsExactly("y.csv");
    }

    @Test
    void aFailureOnANewFileLeavesNothing() throws Exception {
        Path f = dir.resolve("new.svg");
        assertThatThrownBy(() -> AtomicFiles.write(f, out -> {
            out.write(new byte[100_000]);
            throw new IOException("No space left on device");
        })).isInstanceOf(AtomicFiles.OutputFailure.class);
        assertThat(names()).isEmpty();
    }

    @Test
    void encodersThatCloseTheirStreamAreFine() throws Exception {
        Path f = dir.resolve("closed.txt");
        AtomicFiles.write(f, out -> {
            out.write('x');
            out.close();
        });
        assertThat(Files.readString(f)).isEqualTo("x");
    }

    @Test
    void causesAreNamedInOneLine() throws Exception {
        Path plain = Files.writeString(dir.resolve("plain"), "");
        assertThatThrownBy(() -> AtomicFiles.writeString(plain.resolve("x.csv"), "x"))
                .isInstanceOf(AtomicFiles.OutputFailure.class)
                .hasMessageStartingWith("cannot write " + plain.resolve("x.csv") + ": ")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> AtomicFiles.writeString(dir, "x"))
                .hasMessage("cannot write " + dir + ": Is a directory");
    }

    @Test
    void aDeviceIsWrittenInPlaceNotReplaced() throws Exception {
        Path devNull = Path.of("/dev/null");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(devNull));
        AtomicFiles.writeString(devNull, "discarded\n");
        assertThat(Files.isRegularFile(devNull)).as("/dev/null is still a device").isFalse();
        Path full = Path.of("/dev/full");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(full));
        assertThatThrownBy(() -> AtomicFiles.writeString(full, "x".repeat(1 << 17)))
                .isInstanceOf(AtomicFiles.OutputFailure.class).hasMessageContaining("cannot write /dev/full");
        assertThat(Files.isRegularFile(full)).isFalse();
    }

    @Test
    void newFilesFollowTheUmaskAndReplacedFilesKeepTheirMode() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.getFileStore(dir).supportsFileAttributeView("posix"));
        // a file created the ordinary way has the umask's mode (0666 less the umask), e.g. 0644 or 0664
        Path reference = Files.createFile(dir.resolve("reference"));
        Path created = dir.resolve("new.csv");
        AtomicFiles.writeString(created, "a\n");
        assertThat(Files.getPosixFilePermissions(created)).isEqualTo(Files.getPosixFilePermissions(reference));
        Path existing = Files.writeString(dir.resolve("old.csv"), "old\n");
        var mode = java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-r--");
        Files.setPosixFilePermissions(existing, mode);
        AtomicFiles.writeString(existing, "new\n");
        assertThat(Files.readString(existing)).isEqualTo("new\n");
        assertThat(Files.getPosixFilePermissions(existing)).isEqualTo(mode);
    }

    @Test
    void aLinkToARegularFileReplacesTheFileAndKeepsTheLink() throws Exception {
        Path real = Files.writeString(dir.resolve("real.csv"), "old\n");
        Path link = Files.createSymbolicLink(dir.resolve("link.csv"), real);
        AtomicFiles.writeString(link, "new\n");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(real)).isEqualTo("new\n");
    }
}

package org.attnlimit.study.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The jars a cluster study ships: spark-submit's application jar and the runner's own, each once. */
class SparkJarsTest {

    @Test
    void theApplicationJarSparkSubmitListedIsNotAddedTwice() {
        Path jar = Path.of("target", "attnlimit.jar").toAbsolutePath();
        Path rng = Path.of("target", "lib", "commons-rng-core-1.7.jar").toAbsolutePath();
        // spark-submit sets spark.jars to the application jar as a file: URL; the runner ships the plain path
        String merged = SparkBlockRunner.mergeJars(jar.toUri().toString(), List.of(jar.toString(), rng.toString()));
        assertThat(merged.split(",")).containsExactly(jar.toUri().toString(), rng.toString());
    }

    @Test
    void distinctJarsAreAllKept() {
        // negative control: two different files, and a remote jar, are three entries
        Path a = Path.of("a.jar").toAbsolutePath();
        Path b = Path.of("lib", "a.jar").toAbsolutePath();
        String merged = SparkBlockRunner.mergeJars("hdfs://nn:8020/jars/a.jar, ", List.of(a.toString(), b.toString()));
        assertThat(merged.split(",")).containsExactly("hdfs://nn:8020/jars/a.jar", a.toString(), b.toString());
        assertThat(SparkBlockRunner.mergeJars("", List.of())).isEmpty();
    }
}

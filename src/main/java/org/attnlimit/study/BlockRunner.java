package org.attnlimit.study;

import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.function.BiConsumer;
import org.attnlimit.random.Cancellation;

/**
 * Computes a study's blocks somewhere: on this JVM's threads ({@link InProcessRunner}) or as Spark tasks
 * ({@code study.spark.SparkBlockRunner}, loaded by name so that no other code links to Spark's classes).
 * Either way a block's numbers are {@link Blocks#compute}'s, so the study does not depend on the runner.
 */
public interface BlockRunner extends AutoCloseable {

    /**
     * Computes {@code blocks}, handing each finished one to {@code done} (called on one thread at a time, in
     * the order blocks finish). Returns once all are done, or soon after {@code cancel} is set.
     */
    void run(StudyTarget target, long seed, List<Block> blocks, Cancellation cancel, BiConsumer<Block, double[]> done);

    /** @return where the blocks run, e.g. "in-process, 2 threads" or "Spark local[*] (4 cores)" */
    String describe();

    @Override
    void close();

    /**
     * @param master a Spark master URL, or null for the one {@code spark-submit} set (else {@code local[*]})
     * @param shipped jars the executors need (this application's jar and the libraries blocks use)
     * @return a Spark runner
     * @throws IllegalStateException if Spark's jars are not on the class path
     */
    static BlockRunner spark(String master, List<String> shipped) {
        try {
            Class<?> c = Class.forName("org.attnlimit.study.spark.SparkBlockRunner");
            return (BlockRunner) c.getConstructor(String.class, List.class).newInstance(master, shipped);
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            throw new IllegalStateException("Spark's jars are not on the class path (run study through the attnlimit"
                    + " launcher, which adds target/spark-lib, or with spark-submit); or use --master in-process");
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof NoClassDefFoundError) {
                throw new IllegalStateException("Spark's jars are not on the class path (run study through the"
                        + " attnlimit launcher, which adds target/spark-lib, or with spark-submit): " + cause.getMessage());
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("could not start Spark: " + cause, cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("could not start Spark: " + e, e);
        }
    }
}

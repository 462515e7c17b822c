package org.attnlimit.study.spark;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.attnlimit.random.Cancellation;
import org.attnlimit.study.Block;
import org.attnlimit.study.BlockRunner;
import org.attnlimit.study.Blocks;
import org.attnlimit.study.StudyTarget;

/**
 * Runs a study's blocks as Spark tasks: one partition per block, each partition collected by its own job, so
 * the driver receives (and stores) every block as soon as it is finished, while the cluster's scheduler keeps
 * all executor cores busy. The only class of attnlimit that touches Spark; loaded by name from
 * {@link BlockRunner#spark}. Failure handling is Spark's: a lost executor's tasks are retried elsewhere, and a
 * block is a pure function of (target, width, seed, samples), so a retried block gives the same numbers.
 */
public final class SparkBlockRunner implements BlockRunner {
    /** Jobs in flight at once: enough to keep a cluster's cores busy, few enough for the driver's threads. */
    private static final int MAX_JOBS = 64;
    private final JavaSparkContext sc;
    private final String master;

    /**
     * @param master a master URL, or null for the one spark-submit set ({@code local[*]} without one)
     * @param shipped jars for the executors (on a local master the classes are already on the class path)
     */
    public SparkBlockRunner(String master, List<String> shipped) {
        quietLogging();
        SparkConf conf = new SparkConf(true);
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        this.master = conf.get("spark.master");
        conf.setAppName("attnlimit study");
        conf.set("spark.ui.enabled", "false");
        conf.set("spark.ui.showConsoleProgress", "false");
        if (!this.master.startsWith("local")) {
            conf.set("spark.jars", mergeJars(conf.get("spark.jars", ""), shipped));
        }
        this.sc = new JavaSparkContext(conf);
        sc.setLogLevel("ERROR");
    }

    /**
     * @param listed {@code spark.jars} as set already (by spark-submit: its application jar as a {@code file:} URL)
     * @param shipped the jars this runner ships, as plain paths
     * @return the union, each jar once: a {@code file:} URL and a plain path naming the same file are one jar (Spark
     *     would otherwise warn that the application jar "has been added already"); the first spelling is kept
     */
    static String mergeJars(String listed, List<String> shipped) {
        Map<String, String> jars = new LinkedHashMap<>();
        List<String> all = new ArrayList<>();
        for (String j : listed.split(",")) {
            all.add(j.trim());
        }
        all.addAll(shipped);
        for (String j : all) {
            if (!j.isBlank()) {
                jars.putIfAbsent(fileKey(j), j);
            }
        }
        return String.join(",", jars.values());
    }

    /** @return the normalised absolute path of a local jar (plain path or {@code file:} URL), else the entry itself */
    private static String fileKey(String jar) {
        try {
            if (jar.startsWith("file:")) {
                return Path.of(URI.create(jar)).toAbsolutePath().normalize().toString();
            }
            if (!jar.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*")) {
                return Path.of(jar).toAbsolutePath().normalize().toString();
            }
        } catch (IllegalArgumentException e) {   // also InvalidPathException
            // not a path we can read: compare it as written
        }
        return jar;
    }

    /** Log4j settings of this runner's JVM (system properties, so they go before the jar's own component file). */
    public static final String[][] LOGGING = {
        // Spark logs through Log4j 2 core, not the silent simple logger the other commands use
        {"log4j2.loggerContextFactory", "org.apache.logging.log4j.core.impl.Log4jContextFactory"},
        // Spark's start-up is INFO chatter on the console: errors only
        {"log4j2.configurationFile", "classpath:org/attnlimit/study/spark/log4j2-study.properties"},
        // SLF4J 2 (Spark's) would warn about the 1.7 binding on the main class path, which it ignores anyway
        {"slf4j.internal.verbosity", "ERROR"},
    };

    /** Sets {@link #LOGGING} where not set already (effective if Log4j has not started yet, as in the CLI). */
    static void quietLogging() {
        for (String[] kv : LOGGING) {
            if (System.getProperty(kv[0]) == null) {
                System.setProperty(kv[0], kv[1]);
            }
        }
    }

    /** Computes one block on an executor. */
    private static final class ComputeBlock implements Function<Block, double[]> {
        private static final long serialVersionUID = 1L;
        private final StudyTarget target;
        private final long seed;

        ComputeBlock(StudyTarget target, long seed) {
            this.target = target;
            this.seed = seed;
        }

        @Override
        public double[] call(Block block) {
            return Blocks.compute(target, seed, block, null);
        }
    }

    @Override
    public void run(StudyTarget target, long seed, List<Block> blocks, Cancellation cancel,
            BiConsumer<Block, double[]> done) {
        if (blocks.isEmpty()) {
            return;
        }
        JavaRDD<double[]> values = sc.parallelize(blocks, blocks.size()).map(new ComputeBlock(target, seed));
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(MAX_JOBS, blocks.size()), r -> {
            Thread t = new Thread(r, "attnlimit-study-job");
            t.setDaemon(true);
            return t;
        });
        Object lock = new Object();
        Thread watcher = new Thread(() -> {
            while (!cancel.isCancelled()) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
            sc.cancelAllJobs();
        }, "attnlimit-study-cancel");
        watcher.setDaemon(true);
        watcher.start();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int p = 0; p < blocks.size(); p++) {
                int partition = p;
                futures.add(pool.submit(() -> {
                    if (cancel.isCancelled()) {
                        return;
                    }
                    List<double[]>[] got = values.collectPartitions(new int[] {partition});
                    synchronized (lock) {
                        done.accept(blocks.get(partition), got[0].get(0));
                    }
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (!cancel.isCancelled()) {
                        throw e;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel.cancel();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new IllegalStateException("a Spark job failed: " + cause.getMessage(), cause);
        } finally {
            watcher.interrupt();
            pool.shutdownNow();
        }
    }

    @Override
    public String describe() {
        return "Spark " + master + " (default parallelism " + sc.defaultParallelism() + ")";
    }

    @Override
    public void close() {
        sc.stop();
    }
}

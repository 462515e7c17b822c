package org.attnlimit.verify;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Shares Monte Carlo draws between the checks of one run (Lemmas D.4–D.8 read the same draws of
 * {@code (X_{n,1}, X_{n,2})}): keyed by what determines the numbers (program, {@code t}, width, count,
 * seed), so sharing never changes a result. Least recently used entries are dropped. The cache belongs to a
 * run ({@link Settings#draws()}), not to the JVM: it is dropped with the run, and nothing drawn by one run (of
 * another build of the engines, or with other settings) can reach another.
 */
public final class DrawCache {
    // Enough for every key of a full run (about 90); about 300 MB at the full budget, released with the run.
    private static final int CAPACITY = 160;
    private final Map<String, Object> cache = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
            return size() > CAPACITY;
        }
    };

    /** An empty cache, for one run. */
    public DrawCache() {
    }

    @SuppressWarnings("unchecked")
    <T> T lookup(String key, Supplier<T> compute) {
        synchronized (cache) {
            Object hit = cache.get(key);
            if (hit != null) {
                return (T) hit;
            }
        }
        T value = compute.get();
        synchronized (cache) {
            cache.put(key, value);
        }
        return value;
    }

    /** @return the draws under {@code key} in the run's cache, computing them on the first request */
    static <T> T get(Settings s, String key, Supplier<T> compute) {
        return s.draws().lookup(key, compute);
    }

    static ScoreArraySampler.Pairs pairs(ScoreCase c, int n, Settings s) {
        String key = "pairs|" + c.drawKey() + "|" + n + "|" + s.drawsAt(n) + "|" + s.seed();
        return get(s, key, () -> ScoreArraySampler.pairs(c.array(), c.t(), n, s.drawsAt(n),
                s.sampler(salt(key), 3)));
    }

    static double[][] scores(ScoreArray a, int n, int count, Settings s) {
        String key = "scores|" + a.name() + "|" + n + "|" + count + "|" + s.seed();
        return get(s, key, () -> ScoreArraySampler.scores(a, n, count, s.sampler(salt(key), a.scoreCount())));
    }

    static double[][] grams(ScoreArray a, int n, int count, Settings s) {
        String key = "grams|" + a.name() + "|" + n + "|" + count + "|" + s.seed();
        return get(s, key, () -> ScoreArraySampler.grams(a, n, count, s.sampler(salt(key), a.inputs() * a.inputs())));
    }

    /** @return {@link AttentionCase#finiteDraws} row 0, {@code V_n} */
    static double[] finiteV(AttentionCase c, int n, int count, Settings s) {
        return finiteDraws(c, n, count, s)[0];
    }

    static double[][] finiteDraws(AttentionCase c, int n, int count, Settings s) {
        String key = "finite|" + c + "|" + n + "|" + count + "|" + s.seed();
        return get(s, key, () -> c.finiteDraws(n, count, s.sampler(salt(key), 2)));
    }

    static double[] limitV(AttentionCase c, int count, Settings s) {
        String key = "limitV|" + c + "|" + count + "|" + s.seed();
        return get(s, key, () -> c.limitV(count, s.sampler(salt(key), 1)));
    }

    /** A stable salt from the key (String.hashCode is specified, so the streams are reproducible). */
    static long salt(String key) {
        return key.hashCode() & 0xffffffffL;
    }
}

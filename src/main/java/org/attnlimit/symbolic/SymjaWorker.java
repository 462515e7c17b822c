package org.attnlimit.symbolic;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.matheclipse.core.eval.ExprEvaluator;
import org.matheclipse.core.interfaces.IExpr;

/**
 * One Symja evaluator confined to one daemon thread. Symja's {@code ExprEvaluator} is not
 * thread-safe and reports failure as values ({@code $Aborted}, the input returned unevaluated), not
 * as exceptions; this class turns both, and timeouts, into an empty result with a reason.
 */
final class SymjaWorker implements AutoCloseable {
    private final ExecutorService thread;
    private final ExprEvaluator evaluator;

    /** Starts the thread and builds the evaluator on it (Symja keeps its engine in a thread-local). */
    SymjaWorker() {
        thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "symja");
            t.setDaemon(true);
            return t;
        });
        try {
            evaluator = thread.submit(() -> {
                ExprEvaluator e = new ExprEvaluator(false, (short) 100);
                e.getEvalEngine().setQuietMode(true);
                // φ is even; the rule keeps φ(−c) from appearing next to φ(c) in derived forms.
                e.eval("npdf(-x_) := npdf(x)");
                return e;
            }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting Symja", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not start Symja: " + e.getCause(), e.getCause());
        }
    }

    /** The outcome of one evaluation: the expression, or why there is none. */
    record Result(IExpr expr, String failure) {
        Optional<IExpr> value() {
            return Optional.ofNullable(expr);
        }

        String text() {
            return expr == null ? null : expr.toString();
        }
    }

    /**
     * Evaluates {@code input} within {@code timeout} (also passed to Symja's {@code TimeConstrained}).
     * Fails when the time runs out, on {@code $Aborted} or when an {@code Integrate} is left unevaluated.
     * A zero or negative budget fails at once, without evaluating.
     */
    Result eval(String input, Duration timeout) {
        if (timeout.isZero() || timeout.isNegative()) {
            return new Result(null, "Symja was given no time (budget " + timeout.toMillis() + " ms)");
        }
        long seconds = Math.max(1, timeout.toSeconds());
        String guarded = "TimeConstrained(" + input + "," + seconds + ")";
        Future<IExpr> f = thread.submit(() -> {
            evaluator.getEvalEngine().setStopRequested(false); // a previous timeout may have left it set
            return evaluator.eval(guarded);
        });
        try {
            IExpr r = f.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
            String text = r.toString();
            if (text.contains("$Aborted")) {
                return new Result(null, "Symja gave up after " + seconds + " s");
            }
            if (text.contains("Integrate")) {
                return new Result(null, "Symja left the integral unevaluated");
            }
            return new Result(r, null);
        } catch (TimeoutException e) {
            evaluator.getEvalEngine().stopRequest();
            f.cancel(true);
            return new Result(null, "Symja timed out after " + seconds + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(null, "interrupted");
        } catch (ExecutionException e) {
            return new Result(null, "Symja failed: " + e.getCause());
        }
    }

    /**
     * Parses {@code input} (relaxed syntax) without evaluating it, on the Symja thread; a syntax error
     * becomes a failure with Symja's message.
     */
    Result parse(String input, Duration timeout) {
        Future<IExpr> f = thread.submit(() -> evaluator.parse(input));
        try {
            return new Result(f.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS), null);
        } catch (TimeoutException e) {
            f.cancel(true);
            return new Result(null, "Symja's parser timed out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(null, "interrupted");
        } catch (ExecutionException e) {
            String m = String.valueOf(e.getCause().getMessage());
            return new Result(null, m.replaceAll("\\s*\\R\\s*", " ").trim());
        }
    }

    /** Evaluates to a double, or NaN if the result is not a real number. */
    double evalDouble(String input, Duration timeout) {
        Result r = eval("N(" + input + ")", timeout);
        if (r.expr() == null || !r.expr().isReal()) {
            return Double.NaN;
        }
        return r.expr().toDoubleDefault(Double.NaN);
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}

package org.emlab.core.lab;

import java.util.Locale;
import org.emlab.core.param.ParamValues;
import org.emlab.core.param.ValidationException;

/**
 * Refuses, before anything is allocated, a run that would not fit in the Java heap, with a message
 * naming {@code n} and the largest {@code n} that fits, instead of an OutOfMemoryError later.
 */
public final class SizeGuard {
    /** Fraction of the free heap a run may plan to use (the rest is head-room for the GC and the UI). */
    public static final double USABLE_FRACTION = 0.8;

    private SizeGuard() {
    }

    /** Heap bytes not in use now, plus {@code reclaimable} (for example a run about to be replaced). */
    public static long availableBytes(long reclaimable) {
        Runtime rt = Runtime.getRuntime();
        long used = rt.totalMemory() - rt.freeMemory();
        return rt.maxMemory() - used + Math.max(0, reclaimable);
    }

    /** Checks {@code p} against the heap; see {@link #check(Lab, ParamValues, long)}. */
    public static void check(Lab lab, ParamValues p) {
        check(lab, p, availableBytes(0));
    }

    /**
     * Throws a {@link ValidationException} on {@code n} when {@link Lab#estimateBytes} exceeds
     * {@link #USABLE_FRACTION} of {@code available}.
     */
    public static void check(Lab lab, ParamValues p, long available) {
        long need = lab.estimateBytes(p);
        long budget = (long) (USABLE_FRACTION * available);
        if (need <= 0 || need <= budget) {
            return;
        }
        String field = p.has("n") ? "n" : p.specs().get(0).name();
        StringBuilder msg = new StringBuilder();
        msg.append("this run needs about ").append(human(need)).append(" of memory, but only ")
                .append(human(budget)).append(" are available");
        boolean population = p.has("population") && p.getBool("population");
        if (p.has("n") && !population) {
            long fit = largestN(lab, p, budget);
            if (fit > 0) {
                msg.append("; the largest n that fits is ").append(fit);
            }
        }
        msg.append(" (start the JVM with more heap, e.g. EMLAB_JAVA_OPTS=-Xmx8g)");
        throw new ValidationException(field, msg.toString());
    }

    /** The largest n (by bisection) whose estimate fits the budget, or 0. */
    static long largestN(Lab lab, ParamValues p, long budget) {
        long lo = (long) p.spec("n").min();
        long hi = p.getInt("n");
        if (lab.estimateBytes(p.with("n", Long.toString(lo))) > budget) {
            return 0;
        }
        while (hi - lo > 1) {
            long mid = (lo + hi) >>> 1;
            if (lab.estimateBytes(p.with("n", Long.toString(mid))) <= budget) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        // a round number is easier to type
        long round = (long) Math.pow(10, Math.floor(Math.log10(lo)) - 1);
        return round >= 10 ? lo / round * round : lo;
    }

    /** "1.5 GB", "820 MB". */
    public static String human(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30));
        }
        return String.format(Locale.ROOT, "%d MB", Math.max(1, bytes >> 20));
    }
}

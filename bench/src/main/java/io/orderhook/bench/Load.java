package io.orderhook.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/** Running an operation on several threads and reading the figures, for the benchmarks. */
public final class Load {
    private Load() {}

    /** One unit of work: the {@code i}-th of a run. */
    @FunctionalInterface
    public interface Operation {
        void run(int i) throws Exception;
    }

    /** Runs {@code count} operations spread over {@code threads} threads: operations per second. */
    public static double rate(int threads, int count, Operation operation) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long started = System.nanoTime();
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                work.add(pool.submit(() -> {
                    for (int i = first; i < count; i += threads) {
                        operation.run(i);
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
            return count / ((System.nanoTime() - started) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Runs {@code count} pairs (one of {@code first}, then one of {@code second}) spread over
     * {@code threads} threads, and answers the total nanoseconds spent in each: both see the
     * same machine load at the same moments.
     */
    public static double[] alternating(int threads, int count, Operation first, Operation second) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicLong firstNanos = new AtomicLong();
        AtomicLong secondNanos = new AtomicLong();
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int start = t;
                work.add(pool.submit(() -> {
                    for (int i = start; i < count; i += threads) {
                        long a = System.nanoTime();
                        first.run(i);
                        long b = System.nanoTime();
                        second.run(i);
                        long c = System.nanoTime();
                        firstNanos.addAndGet(b - a);
                        secondNanos.addAndGet(c - b);
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
            return new double[] {firstNanos.get(), secondNanos.get()};
        } finally {
            pool.shutdownNow();
        }
    }

    public static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

}

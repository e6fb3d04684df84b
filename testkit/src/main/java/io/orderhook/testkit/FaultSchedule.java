package io.orderhook.testkit;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The faults a sandbox was told to inject, in the order they were scheduled: each for the next
 * {@code times} calls of one operation, or of any operation. Thread-safe.
 *
 * @param <F> the sandbox's kind of fault
 */
public final class FaultSchedule<F> {
    private final List<Scheduled<F>> faults = new ArrayList<>();

    private static final class Scheduled<F> {
        final String operation;
        int remaining;
        final F fault;

        Scheduled(String operation, int remaining, F fault) {
            this.operation = operation;
            this.remaining = remaining;
            this.fault = fault;
        }
    }

    /** {@code fault} for the next {@code times} calls of {@code operation} (null: any operation). */
    public synchronized void add(String operation, int times, F fault) {
        faults.add(new Scheduled<>(operation, times, fault));
    }

    /** The fault for this call of {@code operation}, used up; null when none is scheduled for it. */
    public synchronized F next(String operation) {
        for (Iterator<Scheduled<F>> it = faults.iterator(); it.hasNext();) {
            Scheduled<F> scheduled = it.next();
            if (scheduled.operation == null || scheduled.operation.equals(operation)) {
                scheduled.remaining--;
                if (scheduled.remaining <= 0) {
                    it.remove();
                }
                return scheduled.fault;
            }
        }
        return null;
    }

    public synchronized void clear() {
        faults.clear();
    }

    /** Faults scheduled but not yet used. */
    public synchronized int pending() {
        return faults.stream().mapToInt(f -> f.remaining).sum();
    }
}

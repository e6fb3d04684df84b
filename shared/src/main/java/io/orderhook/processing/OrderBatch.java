package io.orderhook.processing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The batch rules of the stream: the records of one order (one partition key) run one after
 * another in the batch's order, different orders run at the same time, at most
 * {@code concurrency} of them. A batch of ten changes to ten orders then waits for the provider
 * about once instead of ten times, which is what a catch-up after an outage or a bulk action
 * needs; the event source mapping already keeps one order's records in one batch and in order.
 *
 * <p>When a record must be retried, the order stops there and only that record is reported:
 * Lambda re-delivers the batch from the lowest reported sequence number, so the order's later
 * records come again after it and never overtake it, and a later record is not reported as a
 * failure of its own (it did not fail). Other orders go on.
 */
final class OrderBatch {
    private static final AtomicInteger THREADS = new AtomicInteger();
    /**
     * Threads shared by all batches of a container (local mode runs several batches at once on
     * one processor, as Lambda runs several containers); each batch bounds its own use.
     */
    private static final ExecutorService WORKERS = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 5, TimeUnit.MINUTES,
            new SynchronousQueue<>(), task -> {
                Thread thread = new Thread(task, "orderhook-batch-" + THREADS.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });

    private final int concurrency;
    private final Function<InboxRecord, Boolean> runOne;
    private final LongSupplier remainingMillis;
    private final EventLog events;

    /**
     * @param runOne          processes one record; false when the record must be retried
     * @param remainingMillis the invocation's time left; no record starts with less than the margin
     */
    OrderBatch(int concurrency, Function<InboxRecord, Boolean> runOne, LongSupplier remainingMillis, EventLog events) {
        this.concurrency = concurrency;
        this.runOne = runOne;
        this.remainingMillis = remainingMillis;
        this.events = events;
    }

    /** @return the sequence numbers to report as batch item failures, in the batch's order */
    List<String> run(List<InboxRecord> records) {
        Map<String, List<Integer>> byOrder = new LinkedHashMap<>();
        for (int i = 0; i < records.size(); i++) {
            String order = records.get(i).partitionKey() == null ? "" : records.get(i).partitionKey();
            byOrder.computeIfAbsent(order, k -> new ArrayList<>()).add(i);
        }
        Queue<List<Integer>> orders = new ConcurrentLinkedQueue<>(byOrder.values());
        boolean[] failed = new boolean[records.size()];
        int workers = Math.min(concurrency, byOrder.size());
        if (workers <= 1) {
            drain(orders, records, failed);
        } else {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                running.add(WORKERS.submit(() -> drain(orders, records, failed)));
            }
            awaitAll(running);
        }
        List<String> retry = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            if (failed[i]) {
                retry.add(records.get(i).sequenceNumber());
            }
        }
        return retry;
    }

    /** Takes orders off the queue until none is left; each order's records in order, stopping at its first failure. */
    private void drain(Queue<List<Integer>> orders, List<InboxRecord> records, boolean[] failed) {
        for (List<Integer> order = orders.poll(); order != null; order = orders.poll()) {
            for (int index : order) {
                InboxRecord record = records.get(index);
                if (remainingMillis.getAsLong() < OrderProcessor.TIME_MARGIN_MILLIS) {
                    events.event(null, null, "batch", "out-of-time", "record " + record.sequenceNumber() + " left for the retry");
                    failed[index] = true;
                    break;
                }
                if (!runOne.apply(record)) {
                    failed[index] = true;
                    break;
                }
            }
        }
    }

    /**
     * Waits for every worker. A worker only ends abnormally on an error no record handles (out of
     * memory, a bug): it is thrown on, so the invocation fails and Lambda bisects and retries the batch.
     */
    private static void awaitAll(List<Future<?>> running) {
        RuntimeException first = null;
        for (Future<?> future : running) {
            try {
                future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                first = first != null ? first : new IllegalStateException("interrupted while the batch ran", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof Error error) {
                    throw error;
                }
                first = first != null ? first : cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
            }
        }
        if (first != null) {
            throw first;
        }
    }
}

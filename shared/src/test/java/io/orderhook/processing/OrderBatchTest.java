package io.orderhook.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

/** The batch rules, with records whose processing is a recorded call (the processor itself is tested in BatchTest). */
class OrderBatchTest {
    private static final EventLog QUIET = new EventLog(line -> { });

    @Test
    void differentOrdersOfABatchRunAtTheSameTimeAndEachOrdersRecordsInOrder() {
        List<InboxRecord> records = interleaved(4, 3);
        CountDownLatch allStarted = new CountDownLatch(4);
        Set<String> started = ConcurrentHashMap.newKeySet();
        List<String> ran = new CopyOnWriteArrayList<>();
        Function<InboxRecord, Boolean> run = record -> {
            if (started.add(record.partitionKey())) {
                allStarted.countDown();
                // Each order's first record waits until all four orders have begun: only possible at the same time.
                await(allStarted);
            }
            ran.add(record.sequenceNumber());
            return true;
        };

        List<String> retry = new OrderBatch(10, run, () -> 60_000, QUIET).run(records);

        assertEquals(List.of(), retry);
        assertEquals(0, allStarted.getCount(), "all four orders were in progress at once");
        assertEquals(12, ran.size());
        for (int order = 0; order < 4; order++) {
            String prefix = "o" + order + "-";
            assertEquals(List.of(prefix + 0, prefix + 1, prefix + 2), ran.stream().filter(s -> s.startsWith(prefix)).toList());
        }
    }

    @Test
    void noMoreOrdersRunAtOnceThanTheConcurrencyAllows() {
        AtomicInteger inProgress = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Function<InboxRecord, Boolean> run = record -> {
            most.accumulateAndGet(inProgress.incrementAndGet(), Math::max);
            Thread.yield();
            inProgress.decrementAndGet();
            return true;
        };

        new OrderBatch(2, run, () -> 60_000, QUIET).run(interleaved(8, 5));

        assertTrue(most.get() <= 2, "at most 2 orders at once, saw " + most.get());
    }

    @Test
    void concurrencyOneRunsTheBatchInItsOwnOrderOnTheCallersThread() {
        List<InboxRecord> records = interleaved(3, 2);
        List<String> ran = new ArrayList<>();
        Thread caller = Thread.currentThread();
        Function<InboxRecord, Boolean> run = record -> {
            assertEquals(caller, Thread.currentThread());
            ran.add(record.sequenceNumber());
            return true;
        };

        new OrderBatch(1, run, () -> 60_000, QUIET).run(records);

        // grouped by order in the order each order first appears, each order's records in order
        assertEquals(List.of("o0-0", "o0-1", "o1-0", "o1-1", "o2-0", "o2-1"), ran);
    }

    @Test
    void aFailedRecordStopsItsOrderAndOnlyItIsReportedWhileOtherOrdersGoOn() {
        List<InboxRecord> records = interleaved(3, 3);
        Map<String, Integer> runs = new ConcurrentHashMap<>();
        Function<InboxRecord, Boolean> run = record -> {
            runs.merge(record.sequenceNumber(), 1, Integer::sum);
            return !record.sequenceNumber().equals("o1-1");
        };

        List<String> retry = new OrderBatch(10, run, () -> 60_000, QUIET).run(records);

        assertEquals(List.of("o1-1"), retry);
        assertEquals(null, runs.get("o1-2"), "a later record of the failed order never runs before it");
        assertEquals(Set.of("o0-0", "o0-1", "o0-2", "o1-0", "o1-1", "o2-0", "o2-1", "o2-2"), runs.keySet());
    }

    @Test
    void failuresOfSeveralOrdersAreReportedInTheBatchsOrder() {
        List<InboxRecord> records = interleaved(4, 2);
        Function<InboxRecord, Boolean> run = record -> !record.sequenceNumber().equals("o3-0")
                && !record.sequenceNumber().equals("o0-1");

        List<String> retry = new OrderBatch(10, run, () -> 60_000, QUIET).run(records);

        // batch order: o0-0 o1-0 o2-0 o3-0 o0-1 ...
        assertEquals(List.of("o3-0", "o0-1"), retry);
    }

    @Test
    void withTooLittleTimeLeftEachOrdersFirstRecordIsLeftForTheRetryAndNothingRuns() {
        List<InboxRecord> records = interleaved(3, 2);
        AtomicInteger runs = new AtomicInteger();

        List<String> retry = new OrderBatch(10, record -> runs.incrementAndGet() > 0, () -> 5_000, QUIET).run(records);

        assertEquals(List.of("o0-0", "o1-0", "o2-0"), retry);
        assertEquals(0, runs.get());
    }

    @Test
    void anUnexpectedErrorInAnOrderFailsTheInvocationSoLambdaRetriesTheBatch() {
        Function<InboxRecord, Boolean> run = record -> {
            if (record.sequenceNumber().equals("o1-0")) {
                throw new IllegalStateException("a bug");
            }
            return true;
        };
        OrderBatch batch = new OrderBatch(10, run, () -> 60_000, QUIET);

        IllegalStateException thrown = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> batch.run(interleaved(2, 1)));
        assertEquals("a bug", thrown.getMessage());
    }

    /** {@code orders} orders with {@code each} records, interleaved as a stream batch mixes them: o0-0, o1-0, ..., o0-1, ... */
    private static List<InboxRecord> interleaved(int orders, int each) {
        List<InboxRecord> out = new ArrayList<>();
        for (int r = 0; r < each; r++) {
            for (int o = 0; o < orders; o++) {
                out.add(new InboxRecord("o" + o + "-" + r, "SHOP#s/ORDER#" + o, null, null));
            }
        }
        return out;
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("the orders of the batch did not run at the same time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

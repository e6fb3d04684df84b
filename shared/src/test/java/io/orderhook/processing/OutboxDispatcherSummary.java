package io.orderhook.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.orderhook.outbox.OutboxDispatcher;

final class OutboxDispatcherSummary {
    private OutboxDispatcherSummary() {}

    static void assertRescheduled(OutboxDispatcher.Summary summary) {
        assertEquals(new OutboxDispatcher.Summary(0, 1, 0), summary);
    }
}

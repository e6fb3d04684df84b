package io.orderhook.processing;

import static io.orderhook.processing.TestOrders.order;
import static io.orderhook.processing.TestOrders.transactionId;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;

import io.orderhook.order.OrderSnapshot;
import io.orderhook.store.InboxItem;

class BatchTest {
    private static final java.util.Map<String, OrderSnapshot> BODIES = new java.util.concurrent.ConcurrentHashMap<>();

    @Test
    void oneFailingOrderFailsOnlyItsOwnRecordsAndTheOtherOrdersAreApplied() {
        try (ProcessorFixture f = new ProcessorFixture()) {
            f.reserve(order("1"));
            f.reserve(order("3"));
            // order 2 has no reservation at the provider, and the provider fails once: only its records fail
            f.deliver(order("1"));
            f.deliver(order("3"));
            OrderProcessor processor = new OrderProcessor(id -> java.util.Optional.of(f.config()),
                    new ShopConnections() {
                        @Override public io.orderhook.provider.PaymentProvider provider(io.orderhook.shop.ShopConfig c) { return f.provider; }
                        @Override public io.orderhook.shop.ShopClient shop(io.orderhook.shop.ShopConfig c) { return f.shop; }
                    }, f.states, f.notes, f.logs, f.clock, new EventLog(l -> { }),
                    item -> BODIES.get(item.bodyHash()));
            List<InboxRecord> records = List.of(
                    record("100", order("1").status("completed").at(5)),
                    record("101", order("2").status("completed").at(5)),
                    record("102", order("2").status("cancelled").at(6)),
                    record("103", order("3").status("cancelled").at(5)));
            f.provider.reserve(transactionId("2"), TestOrders.total(2));
            f.provider.failNextFor(transactionId("2"));

            StreamsEventResponse response = processor.process(records, () -> 60_000);

            assertEquals(List.of("101", "102"), response.getBatchItemFailures().stream()
                    .map(StreamsEventResponse.BatchItemFailure::getItemIdentifier).toList());
            assertEquals("Paid", f.provider.payment(transactionId("1")).status);
            assertEquals("Cancelled", f.provider.payment(transactionId("3")).status);
            assertEquals("Created", f.provider.payment(transactionId("2")).status);
        }
    }

    /** The record as {@link InboxRecords} would give it, with the snapshot pre-read (no JSON parsing involved). */
    private static InboxRecord record(String sequence, TestOrders order) {
        OrderSnapshot s = order.build();
        BODIES.put("h" + s.hashCode(), s);
        return new InboxRecord(sequence, InboxItem.partitionKey(ProcessorFixture.SHOP, s.orderId()),
                new SnapshotItem(s).item(), null);
    }

    private record SnapshotItem(OrderSnapshot snapshot) {
        InboxItem item() {
            return new InboxItem(ProcessorFixture.SHOP, snapshot.orderId(), "order.updated", "d", "w",
                    snapshot.dateModifiedGmt().toString(), "h" + snapshot.hashCode(), "{}", snapshot.dateModifiedGmt());
        }
    }
}

package io.orderhook.processing;

import static io.orderhook.processing.TestOrders.order;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.orderhook.order.OrderSnapshot;
import io.orderhook.store.InboxItem;
import io.orderhook.testkit.billmate.SandboxFault;

class BatchTest {
    private static final java.util.Map<String, OrderSnapshot> BODIES = new java.util.concurrent.ConcurrentHashMap<>();

    @Test
    void oneFailingOrderReportsItsFirstFailedRecordOnlyAndTheOtherOrdersAreApplied() {
        try (ProcessorFixture f = new ProcessorFixture()) {
            f.reserve(order("1"));
            f.reserve(order("2"));
            f.reserve(order("3"));
            // orders 1 and 3 were seen before; order 2 is seen first in this batch, and Billmate fails
            // the question it then asks about order 2's payment: only order 2's records fail
            f.deliver(order("1"));
            f.deliver(order("3"));
            OrderProcessor processor = new OrderProcessor(id -> java.util.Optional.of(f.config()),
                    new ShopConnections() {
                        @Override public io.orderhook.provider.PaymentProvider provider(io.orderhook.shop.ShopConfig c) { return f.payments; }
                        @Override public io.orderhook.shop.ShopClient shop(io.orderhook.shop.ShopConfig c) { return f.shopClient; }
                    }, f.states, f.notes, f.logs, f.clock, new EventLog(l -> { }),
                    item -> BODIES.get(item.bodyHash()));
            List<InboxRecord> records = List.of(
                    record("100", f.snapshot(order("1").status("completed").at(5))),
                    record("101", f.snapshot(order("2").status("completed").at(5))),
                    record("102", f.snapshot(order("2").status("cancelled").at(6))),
                    record("103", f.snapshot(order("3").status("cancelled").at(5))));
            f.sandbox.inject("getPaymentinfo", 1, SandboxFault.error("9008"));

            List<String> retry = processor.process(records, () -> 60_000);

            // only order 2's first failed record: Lambda re-delivers from it, so 102 comes again after it
            assertEquals(List.of("101"), retry);
            assertEquals(0, f.sandbox.pendingFaults());
            assertEquals(1, f.calls("getPaymentinfo", "2"));
            assertEquals(ProcessorFixture.ACTIVATED, f.payment("1").status());
            assertEquals("Cancelled", f.payment("3").status());
            assertEquals("Created", f.payment("2").status());
            assertEquals(0, f.calls("activatePayment", "2") + f.calls("cancelPayment", "2"));
        }
    }

    /** The record as {@link InboxRecords} would give it, with the snapshot pre-read (no JSON parsing involved). */
    private static InboxRecord record(String sequence, OrderSnapshot s) {
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

package io.orderhook.endtoend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.orderhook.ledger.LedgerEntry;
import io.orderhook.ledger.LedgerEntry.Operation;
import io.orderhook.ledger.LedgerEntry.Result;
import io.orderhook.ledger.PaymentStatus;
import io.orderhook.order.OrderSnapshot;
import io.orderhook.shop.woocommerce.WooOrderJson;
import io.orderhook.testkit.billmate.BillmateSandbox;
import io.orderhook.testkit.woocommerce.RefundSpec;

/**
 * The payment ledger of each procedure of the Billmate order-management guide holds exactly
 * what the sandbox holds of the payment: its reservation, its update, its activation, its
 * credits with their invoice numbers; and the payment status derived from it says the same.
 */
class LedgerEndToEndTest {
    private final EndToEnd e2e = new EndToEnd();

    @AfterEach
    void close() {
        e2e.close();
    }

    @Test
    void aCancelledOrderHoldsItsReservationAndItsRelease() {
        String[] order = e2e.checkout(2);
        long reserved = payment(order).totalWithTax();
        e2e.shop.setStatus(order[0], "cancelled");
        e2e.settle();

        assertEquals("Cancelled", payment(order).status());
        assertEquals(List.of(
                line(Operation.RESERVATION_SEEN, reserved, Result.DONE),
                line(Operation.CANCEL, reserved, Result.DONE)), lines(order));
        assertEquals(PaymentStatus.Status.CANCELLED, status(order).status());
    }

    @Test
    void anUpdatedOrderHoldsTheNewTotalTheSandboxReserves() {
        String[] order = e2e.checkout(2);
        long reserved = payment(order).totalWithTax();
        e2e.shop.setStatus(order[0], "on-hold");
        e2e.settle();
        e2e.shop.editOrder(order[0], edit -> edit.setQuantity(e2e.shop.lineId(order[0], "MUG"), 3));
        e2e.shop.setStatus(order[0], "processing");
        e2e.settle();

        long updated = payment(order).totalWithTax();
        assertEquals(WooOrderJson.order(e2e.shop.order(order[0])).total(), updated);
        assertEquals(List.of(
                line(Operation.RESERVATION_SEEN, reserved, Result.DONE),
                line(Operation.UPDATE, updated, Result.DONE)), lines(order));
        PaymentStatus status = status(order);
        assertEquals(PaymentStatus.Status.RESERVED, status.status());
        assertEquals(updated, status.reserved());
    }

    @Test
    void anActivatedAndRefundedOrderHoldsTheCaptureAndEachCreditWithItsInvoiceNumber() {
        String[] order = e2e.checkout(2);
        e2e.shop.setStatus(order[0], "completed");
        e2e.settle();
        OrderSnapshot completed = WooOrderJson.order(e2e.shop.order(order[0]));
        e2e.shop.refund(order[0], RefundSpec.lines().line(e2e.shop.lineId(order[0], "MUG"), 1));
        e2e.settle();
        assertEquals(PaymentStatus.Status.COMPLETE, status(order).status(), "captured, the order completed");
        long rest = completed.total() - payment(order).creditedWithTax();
        e2e.shop.refund(order[0], RefundSpec.amount(io.orderhook.processing.NoteText.money(rest, null)));
        e2e.settle();

        BillmateSandbox.Payment payment = payment(order);
        List<LedgerEntry> ledger = e2e.ledger(order[0]);
        assertEquals(List.of(
                line(Operation.RESERVATION_SEEN, completed.total(), Result.DONE),
                line(Operation.CAPTURE, payment.totalWithTax(), Result.DONE),
                line(Operation.REFUND, 12_500, Result.DONE),
                line(Operation.REFUND, rest, Result.DONE)), lines(order));
        assertEquals(e2e.shop.meta(order[0]).get("_orderhook_activation_number"), ledger.get(1).reference());
        assertEquals(payment.creditNumbers(), List.of(ledger.get(2).reference(), ledger.get(3).reference()),
                "each credit's invoice number, as the sandbox numbered them");
        long captured = ledger.stream().mapToLong(LedgerEntry::captured).sum();
        long refunded = ledger.stream().mapToLong(LedgerEntry::refunded).sum();
        assertEquals(payment.totalWithTax(), captured, "the sandbox's captured total");
        assertEquals(payment.creditedWithTax(), refunded, "the sandbox's credited total");
        PaymentStatus status = status(order);
        assertEquals(PaymentStatus.Status.REFUNDED, status.status());
        assertEquals(PaymentStatus.Group.FINAL, status.group());
    }

    private BillmateSandbox.Payment payment(String[] order) {
        return e2e.sandbox.payment(order[1]).orElseThrow();
    }

    private PaymentStatus status(String[] order) {
        return PaymentStatus.of(e2e.ledger(order[0]), e2e.shop.status(order[0]), false);
    }

    private List<String> lines(String[] order) {
        return e2e.ledger(order[0]).stream().map(e -> line(e.operation(), e.amount(), e.result())).toList();
    }

    private static String line(Operation operation, long amount, Result result) {
        return operation.wireName() + " " + amount + " " + result.wireName();
    }
}

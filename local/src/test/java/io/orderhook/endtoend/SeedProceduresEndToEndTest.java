package io.orderhook.endtoend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.orderhook.order.OrderSnapshot;
import io.orderhook.shop.woocommerce.WooOrderJson;
import io.orderhook.testkit.woocommerce.RefundSpec;

/** The four procedures of the Billmate order-management guide, done by a merchant in the shop. */
class SeedProceduresEndToEndTest {
    private final EndToEnd e2e = new EndToEnd();

    @AfterEach
    void close() {
        e2e.close();
    }

    @Test
    void cancellingAProcessingOrderCancelsTheReservation() {
        String[] order = e2e.checkout(2);
        e2e.shop.setStatus(order[0], "cancelled");
        e2e.settle();

        assertEquals("Cancelled", e2e.paymentStatus(order[1]));
        assertEquals(List.of("Billmate reservation was successfully cancelled."), e2e.notesFromOrderhook(order[0]));
    }

    @Test
    void editingAnOnHoldOrderAndSettingItBackToProcessingUpdatesTheReservation() {
        String[] order = e2e.checkout(2);
        e2e.holdAndEdit(order[0], "MUG", 3);
        e2e.settle();
        assertEquals(0, e2e.sandbox.calls("updatePayment", order[1]), "nothing is sent while the order is on hold");
        e2e.shop.setStatus(order[0], "processing");
        e2e.settle();

        OrderSnapshot edited = WooOrderJson.order(e2e.shop.order(order[0]));
        assertEquals(edited.total(), e2e.sandbox.payment(order[1]).orElseThrow().totalWithTax());
        assertEquals(1, e2e.sandbox.calls("updatePayment", order[1]));
        List<String> notes = e2e.notesFromOrderhook(order[0]);
        assertEquals(1, notes.size(), notes.toString());
        assertTrue(notes.get(0).startsWith("Billmate order was successfully updated with the order's current lines."), notes.get(0));
    }

    @Test
    void completingAProcessingOrderActivatesTheReservation() {
        String[] order = e2e.checkout(2);
        e2e.shop.setStatus(order[0], "completed");
        e2e.settle();

        assertTrue(e2e.activated(order[1]), e2e.paymentStatus(order[1]));
        List<String> notes = e2e.notesFromOrderhook(order[0]);
        assertEquals(List.of("Billmate reservation was successfully activated. Activation number: " + order[1] + "."), notes);
        assertEquals(order[1], e2e.shop.meta(order[0]).get("_orderhook_activation_number"));
        assertEquals("completed", e2e.shop.status(order[0]));
    }

    @Test
    void refundingPartOfACompletedOrderThenTheRestCreditsTwiceAndTheWholeAmountInTotal() {
        String[] order = e2e.checkout(2);
        e2e.shop.setStatus(order[0], "completed");
        e2e.settle();
        long total = WooOrderJson.order(e2e.shop.order(order[0])).total();

        // "Refund manually": the money goes back through orderhook's credit at Billmate.
        e2e.shop.refund(order[0], RefundSpec.lines().line(e2e.shop.lineId(order[0], "MUG"), 1));
        e2e.settle();
        long afterFirst = e2e.sandbox.payment(order[1]).orElseThrow().creditedWithTax();
        assertEquals(12_500, afterFirst, "one mug: 100.00 + 25 % VAT");

        long rest = total - afterFirst;
        e2e.shop.refund(order[0], RefundSpec.amount(io.orderhook.processing.NoteText.money(rest, null)));
        e2e.settle();

        assertEquals(total, e2e.sandbox.payment(order[1]).orElseThrow().creditedWithTax());
        assertEquals(2, e2e.sandbox.calls("creditPayment", order[1]));
        List<String> notes = e2e.notesFromOrderhook(order[0]);
        assertEquals(3, notes.size(), notes.toString());
        assertTrue(notes.get(1).startsWith("Billmate Checkout order was successfully refunded: 125.00 SEK."), notes.get(1));
        assertTrue(notes.get(2).startsWith("Billmate Checkout order was successfully refunded: "
                + io.orderhook.processing.NoteText.money(rest, "SEK") + "."), notes.get(2));
    }
}

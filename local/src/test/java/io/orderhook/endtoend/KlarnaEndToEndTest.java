package io.orderhook.endtoend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.orderhook.order.OrderSnapshot;
import io.orderhook.processing.NoteText;
import io.orderhook.shop.woocommerce.WooOrderJson;
import io.orderhook.testkit.klarna.KlarnaFault;
import io.orderhook.testkit.klarna.KlarnaSandbox;
import io.orderhook.testkit.woocommerce.RefundSpec;

/**
 * The four procedures of the order-management guide for an order paid with Klarna ({@code kco}) in
 * the demo shop, whose own account is Billmate's: simulator → receiver → table → stream →
 * processor → Klarna sandbox, and the notes back in the shop.
 */
class KlarnaEndToEndTest {
    private final EndToEnd e2e = new EndToEnd();
    private final ProviderCheckouts pay = new ProviderCheckouts(e2e);
    private final KlarnaSandbox klarna = e2e.backend.klarna();

    @AfterEach
    void close() {
        e2e.close();
    }

    private KlarnaSandbox.Order order(String id) {
        return klarna.order(id).orElseThrow();
    }

    @Test
    void cancellingAProcessingOrderCancelsTheKlarnaOrder() {
        String[] order = pay.klarna(2);
        e2e.shop.setStatus(order[0], "cancelled");
        e2e.settle();

        assertEquals("CANCELLED", order(order[1]).status());
        assertEquals(0, e2e.sandbox.calls("cancelPayment"), "nothing reaches Billmate");
        assertEquals(List.of("Klarna reservation was successfully cancelled."), e2e.notesFromOrderhook(order[0]));
    }

    @Test
    void editingAnOnHoldOrderAndSettingItBackToProcessingUpdatesTheAuthorisation() {
        String[] order = pay.klarna(2);
        e2e.holdAndEdit(order[0], "MUG", 1);
        e2e.settle();
        assertEquals(0, klarna.calls("update_authorization", order[1]), "nothing is sent while the order is on hold");
        e2e.shop.setStatus(order[0], "processing");
        e2e.settle();

        OrderSnapshot edited = WooOrderJson.order(e2e.shop.order(order[0]));
        assertEquals(edited.total(), order(order[1]).orderAmount());
        assertEquals(1, klarna.calls("update_authorization", order[1]));
        List<String> notes = e2e.notesFromOrderhook(order[0]);
        assertEquals(List.of("Klarna order was successfully updated with the order's current lines. New total: "
                + NoteText.money(edited.total(), "SEK") + "."), notes);
    }

    @Test
    void completingAProcessingOrderCapturesTheWholeOrder() {
        String[] order = pay.klarna(2);
        long total = WooOrderJson.order(e2e.shop.order(order[0])).total();
        e2e.shop.setStatus(order[0], "completed");
        e2e.settle();

        assertEquals("CAPTURED", order(order[1]).status());
        assertEquals(total, order(order[1]).capturedAmount());
        assertEquals(1, klarna.calls("capture", order[1]));
        assertEquals(List.of("Klarna reservation was successfully activated. Activation number: "
                + order(order[1]).captures().get(0).id() + "."), e2e.notesFromOrderhook(order[0]));
        assertEquals("completed", e2e.shop.status(order[0]));
    }

    @Test
    void refundingPartOfACompletedOrderThenTheRestRefundsTwiceAndTheWholeAmountInTotal() {
        String[] order = pay.klarna(2);
        e2e.shop.setStatus(order[0], "completed");
        e2e.settle();
        long total = WooOrderJson.order(e2e.shop.order(order[0])).total();

        e2e.shop.refund(order[0], RefundSpec.lines().line(e2e.shop.lineId(order[0], "MUG"), 1));
        e2e.settle();
        assertEquals(12_500, order(order[1]).refundedAmount(), "one mug: 100.00 + 25 % VAT");

        long rest = total - 12_500;
        e2e.shop.refund(order[0], RefundSpec.amount(NoteText.money(rest, null)));
        e2e.settle();

        assertEquals(total, order(order[1]).refundedAmount());
        assertEquals(2, klarna.calls("refund", order[1]));
        List<String> notes = e2e.notesFromOrderhook(order[0]);
        assertEquals(3, notes.size(), notes.toString());
        assertTrue(notes.get(1).startsWith("Klarna Checkout order was successfully refunded: 125.00 SEK. Refund #"), notes.get(1));
        assertTrue(notes.get(2).startsWith("Klarna Checkout order was successfully refunded: " + NoteText.money(rest, "SEK")
                + ". Refund #"), notes.get(2));
    }

    @Test
    void anEditThatLowersTheTotalBeforeCompletionCapturesExactlyTheNewTotal() {
        String[] order = pay.klarna(3);
        long authorised = order(order[1]).orderAmount();
        e2e.holdAndEdit(order[0], "MUG", 1);
        e2e.settle();
        e2e.shop.setStatus(order[0], "completed");
        e2e.settle();

        long newTotal = WooOrderJson.order(e2e.shop.order(order[0])).total();
        assertTrue(newTotal < authorised);
        assertEquals(newTotal, order(order[1]).capturedAmount());
        assertEquals(0, order(order[1]).remainingAuthorizedAmount(), "nothing is left for a second capture");
        assertEquals(1, order(order[1]).captures().size());
        List<String> notes = e2e.notesFromOrderhook(order[0]);
        assertEquals(2, notes.size(), notes.toString());
        assertEquals("Klarna order was successfully updated with the order's current lines. New total: "
                + NoteText.money(newTotal, "SEK") + ".", notes.get(0));
    }

    @Test
    void duplicateDeliveriesCaptureOnce() {
        String[] order = pay.klarna(2);
        e2e.shop.duplicateNextDeliveries(3, 2);
        e2e.shop.setStatus(order[0], "completed");
        e2e.settle();

        assertEquals(1, klarna.calls("capture", order[1]));
        assertEquals(WooOrderJson.order(e2e.shop.order(order[0])).total(), order(order[1]).capturedAmount());
        assertEquals(1, e2e.notesFromOrderhook(order[0]).size(), e2e.notesFromOrderhook(order[0]).toString());
    }

    @Test
    void aCaptureWhoseAnswerWasLostIsReadFromTheOrderAndNotSentAgain() {
        String[] order = pay.klarna(2);
        klarna.inject("capture", 1, new KlarnaFault.LostResponse());
        e2e.shop.setStatus(order[0], "completed");
        e2e.settle();

        long total = WooOrderJson.order(e2e.shop.order(order[0])).total();
        assertEquals(total, order(order[1]).capturedAmount());
        assertEquals(1, order(order[1]).captures().size(), "one capture at Klarna");
        assertTrue(klarna.calls("get_order", order[1]) >= 2);
        List<String> notes = e2e.notesFromOrderhook(order[0]);
        assertEquals(1, notes.size(), notes.toString());
        assertTrue(notes.get(0).endsWith(NoteText.confirmedLater()), notes.get(0));
    }
}

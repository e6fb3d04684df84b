package io.orderhook.endtoend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.orderhook.processing.NoteText;
import io.orderhook.shop.woocommerce.WooOrderJson;
import io.orderhook.testkit.stripe.StripeFault;
import io.orderhook.testkit.stripe.StripeSandbox;
import io.orderhook.testkit.woocommerce.RefundSpec;

/**
 * The four procedures of the order-management guide for an order paid with Stripe ({@code stripe})
 * in the demo shop, whose own account is Billmate's: simulator → receiver → table → stream →
 * processor → Stripe sandbox, and the notes back in the shop.
 */
class StripeEndToEndTest {
    private final EndToEnd e2e = new EndToEnd();
    private final ProviderCheckouts pay = new ProviderCheckouts(e2e);
    private final StripeSandbox stripe = e2e.backend.stripe();

    @AfterEach
    void close() {
        e2e.close();
    }

    private StripeSandbox.PaymentIntent intent(String id) {
        return stripe.paymentIntent(id).orElseThrow();
    }

    @Test
    void cancellingAProcessingOrderCancelsThePaymentIntent() {
        String[] order = pay.stripe(2);
        e2e.shop.setStatus(order[0], "cancelled");
        e2e.settle();

        assertEquals("canceled", intent(order[1]).status());
        assertEquals(0, e2e.sandbox.calls("cancelPayment"), "nothing reaches Billmate");
        assertEquals(List.of("Stripe reservation was successfully cancelled."), e2e.notesFromOrderhook(order[0]));
    }

    @Test
    void editingAnOnHoldOrderToALowerTotalAndBackToProcessingNeedsNoCallThatChangesThePayment() {
        String[] order = pay.stripe(2);
        long authorised = intent(order[1]).amount();
        e2e.holdAndEdit(order[0], "MUG", 1);
        e2e.settle();
        e2e.shop.setStatus(order[0], "processing");
        e2e.settle();

        long edited = WooOrderJson.order(e2e.shop.order(order[0])).total();
        assertTrue(edited < authorised);
        assertEquals(authorised, intent(order[1]).amountCapturable(), "the authorisation stays until the capture");
        assertEquals(0, stripe.calls("update", order[1]) + stripe.calls("increment_authorization", order[1]));
        assertEquals(List.of("Stripe order was successfully updated with the order's current lines. New total: "
                + NoteText.money(edited, "SEK") + "."), e2e.notesFromOrderhook(order[0]));
    }

    @Test
    void completingAProcessingOrderCapturesTheWholeAuthorisation() {
        String[] order = pay.stripe(2);
        long total = WooOrderJson.order(e2e.shop.order(order[0])).total();
        e2e.shop.setStatus(order[0], "completed");
        e2e.settle();

        assertEquals("succeeded", intent(order[1]).status());
        assertEquals(total, intent(order[1]).amountReceived());
        assertEquals(1, stripe.calls("capture", order[1]));
        List<String> notes = e2e.notesFromOrderhook(order[0]);
        assertEquals(1, notes.size(), notes.toString());
        assertTrue(notes.get(0).startsWith("Stripe reservation was successfully activated."), notes.get(0));
        assertEquals("completed", e2e.shop.status(order[0]));
    }

    @Test
    void refundingPartOfACompletedOrderThenTheRestRefundsTwiceAndTheWholeAmountInTotal() {
        String[] order = pay.stripe(2);
        e2e.shop.setStatus(order[0], "completed");
        e2e.settle();
        long total = WooOrderJson.order(e2e.shop.order(order[0])).total();

        e2e.shop.refund(order[0], RefundSpec.lines().line(e2e.shop.lineId(order[0], "MUG"), 1));
        e2e.settle();
        long rest = total - 12_500;
        e2e.shop.refund(order[0], RefundSpec.amount(NoteText.money(rest, null)));
        e2e.settle();

        List<StripeSandbox.Refund> refunds = stripe.refunds(order[1]);
        assertEquals(List.of(12_500L, rest), refunds.stream().map(StripeSandbox.Refund::amount).toList());
        assertEquals(total, refunds.stream().mapToLong(StripeSandbox.Refund::amount).sum());
        List<String> notes = e2e.notesFromOrderhook(order[0]);
        assertEquals(3, notes.size(), notes.toString());
        assertTrue(notes.get(1).startsWith("Stripe order was successfully refunded: 125.00 SEK. Refund #"), notes.get(1));
        assertTrue(notes.get(2).startsWith("Stripe order was successfully refunded: " + NoteText.money(rest, "SEK")
                + ". Refund #"), notes.get(2));
    }

    @Test
    void anEditThatLowersTheTotalBeforeCompletionCapturesExactlyTheNewTotal() {
        String[] order = pay.stripe(3);
        long authorised = intent(order[1]).amount();
        e2e.holdAndEdit(order[0], "MUG", 1);
        e2e.settle();
        e2e.shop.setStatus(order[0], "completed");
        e2e.settle();

        long newTotal = WooOrderJson.order(e2e.shop.order(order[0])).total();
        assertTrue(newTotal < authorised);
        assertEquals(newTotal, intent(order[1]).amountReceived());
        assertEquals("succeeded", intent(order[1]).status(), "the rest is released with the capture");
        assertEquals(1, stripe.calls("capture", order[1]));
        assertEquals(Long.toString(newTotal), stripe.lastRequest("capture").orElseThrow().params().get("amount_to_capture"));
    }

    @Test
    void duplicateDeliveriesCaptureOnce() {
        String[] order = pay.stripe(2);
        e2e.shop.duplicateNextDeliveries(3, 2);
        e2e.shop.setStatus(order[0], "completed");
        e2e.settle();

        assertEquals(1, stripe.calls("capture", order[1]));
        assertEquals(1, intent(order[1]).captures());
        assertEquals(1, e2e.notesFromOrderhook(order[0]).size(), e2e.notesFromOrderhook(order[0]).toString());
    }

    @Test
    void aCaptureWhoseAnswerWasLostIsReadFromThePaymentIntentAndNotCapturedTwice() {
        String[] order = pay.stripe(2);
        stripe.inject("capture", 1, new StripeFault.LostResponse());
        e2e.shop.setStatus(order[0], "completed");
        e2e.settle();

        long total = WooOrderJson.order(e2e.shop.order(order[0])).total();
        assertEquals(total, intent(order[1]).amountReceived());
        assertEquals(1, intent(order[1]).captures(), "one capture at Stripe");
        List<String> notes = e2e.notesFromOrderhook(order[0]);
        assertEquals(1, notes.size(), notes.toString());
    }
}

package io.orderhook.endtoend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.orderhook.endtoend.EndToEnd.PaymentNumberField;
import io.orderhook.order.OrderSnapshot;
import io.orderhook.processing.NoteText;
import io.orderhook.shop.ShopSettings;
import io.orderhook.shop.woocommerce.WooOrderJson;
import io.orderhook.store.QuarantineStore;
import io.orderhook.testkit.billmate.SandboxFault;
import io.orderhook.testkit.woocommerce.RefundSpec;

/**
 * Issue 9: the cases where realistic orders made orderhook move the wrong amount or send what
 * Billmate refuses, each end to end (simulator, receiver, table, stream, processor, sandbox),
 * named after its case. Amounts: two mugs at 100.00 and a cup at 80.00 with 25 % VAT, and 49.00
 * shipping with 25 %: 280.00 + 49.00 net, 411.25 with tax.
 */
class MoneyExactnessEndToEndTest {
    private static final int INVOICE = 1;
    private static final int CARD = 8;
    private static final int BANK = 16;
    private static final long TOTAL = 41_125;
    private static final long ONE_MUG = 12_500;

    private final EndToEnd e2e = new EndToEnd();

    @AfterEach
    void close() {
        e2e.close();
    }

    // ---- case 1: what Billmate already holds on first sight -----------------------------------

    @Test
    void case01AnOrderPaidAtCheckoutIsAdoptedNeverActivatedAndItsRefundsAreCredited() {
        String[] order = e2e.checkout(2, BANK);
        assertEquals("Paid", e2e.paymentStatus(order[1]), "a bank payment is taken at checkout");
        e2e.shop.setStatus(order[0], "completed");
        e2e.settle();

        assertEquals(0, e2e.sandbox.calls("activatePayment", order[1]));
        assertEquals("completed", e2e.shop.status(order[0]), "no failure status");
        List<String> notes = e2e.notesFromOrderhook(order[0]);
        assertEquals(List.of("Billmate reports payment " + order[1] + " as Paid: 411.25 SEK is captured already (paid at"
                + " checkout, or activated in Billmate Online). orderhook will not capture it again; refunds made with"
                + " \"Refund manually\" are credited."), notes);

        e2e.shop.refund(order[0], RefundSpec.lines().line(e2e.shop.lineId(order[0], "MUG"), 1));
        e2e.settle();
        assertEquals(ONE_MUG, e2e.sandbox.payment(order[1]).orElseThrow().creditedWithTax());
    }

    @Test
    void case01APaymentActivatedInBillmateOnlineBeforeOrderhookSawTheOrderIsAdopted() {
        e2e.shop.pauseDeliveries();
        String[] order = e2e.placeOrder(2);
        e2e.sandbox.setStatus(order[1], "Factoring");
        e2e.shop.setStatus(order[0], "completed");
        e2e.shop.resumeDeliveries();
        e2e.settle();

        assertEquals(0, e2e.sandbox.calls("activatePayment", order[1]));
        assertEquals("completed", e2e.shop.status(order[0]));
        assertTrue(e2e.notesFromOrderhook(order[0]).get(0).startsWith("Billmate reports payment " + order[1] + " as Factoring"),
                e2e.notesFromOrderhook(order[0]).toString());
    }

    @Test
    void case01APaymentNumberBillmateDoesNotKnowIsReportedAsSuch() {
        String orderId = e2e.shop.createOrder(io.orderhook.testkit.woocommerce.NewOrder.paidWith("bco").status("processing")
                .transactionId("999999").product("MUG", "Mug", 1, "100.00").billing("email", "a@example.com"));
        e2e.settle();
        e2e.shop.setStatus(orderId, "completed");
        e2e.settle();

        assertEquals(List.of("Billmate does not know payment 999999, so orderhook cannot manage this order's payment."
                + " Check the order's transaction id."), e2e.notesFromOrderhook(orderId));
        assertEquals(0, e2e.sandbox.calls("activatePayment", "999999"), "nothing is sent for an unknown payment");
    }

    // ---- case 2: never capture another total than the order's ----------------------------------

    @Test
    void case02ACompletionAfterARefusedUpdateCapturesNothingAndSaysWhy() {
        String[] order = e2e.checkout(2, CARD);
        e2e.holdAndEdit(order[0], "MUG", 5);
        e2e.shop.setStatus(order[0], "processing");
        e2e.settle();
        e2e.shop.setStatus(order[0], "completed");
        e2e.settle();

        assertEquals("Created", e2e.paymentStatus(order[1]), "nothing captured");
        assertEquals(0, e2e.sandbox.calls("activatePayment", order[1]));
        assertEquals("on-hold", e2e.shop.status(order[0]));
        List<String> notes = e2e.notesFromOrderhook(order[0]);
        assertTrue(notes.get(0).contains("(error code 5215)"), notes.toString());
        assertTrue(notes.get(1).startsWith("Billmate holds 411.25 SEK for this order, but the order's total is 786.25 SEK,"
                + " so the reservation was not activated"), notes.toString());
    }

    @Test
    void case02WithAutomaticUpdateOffALoweredOrderIsNotCapturedAtTheOldTotal() {
        e2e.settings(ShopSettings.defaults().withAutoUpdate(false));
        String[] order = e2e.checkout(2);
        e2e.holdAndEdit(order[0], "MUG", 1);
        e2e.shop.setStatus(order[0], "completed");
        e2e.settle();

        assertEquals("Created", e2e.paymentStatus(order[1]));
        assertEquals(0, e2e.sandbox.calls("activatePayment", order[1]));
        assertTrue(e2e.notesFromOrderhook(order[0]).get(0).startsWith("Billmate holds 411.25 SEK for this order, but the"
                + " order's total is 286.25 SEK"), e2e.notesFromOrderhook(order[0]).toString());
    }

    // ---- case 3: a whole-payment credit only when it is the whole payment ----------------------

    @Test
    void case03ARefundOfTheWholeOrderAfterItWasLoweredCreditsTheRefundNotEverythingCaptured() {
        String[] order = e2e.checkout(2);
        e2e.shop.setStatus(order[0], "completed");
        e2e.settle();
        // Edited after capture: one mug less. The shop's total is now 286.25; Billmate captured 411.25.
        e2e.shop.setStatus(order[0], "on-hold");
        e2e.editQuantity(order[0], "MUG", 1);
        e2e.shop.setStatus(order[0], "completed");
        e2e.settle();
        e2e.shop.refund(order[0], RefundSpec.amount("286.25"));
        e2e.settle();

        assertEquals(28_625, e2e.sandbox.payment(order[1]).orElseThrow().creditedWithTax(), "the refund, not all 411.25");
        assertEquals("true", e2e.sandbox.lastData("creditPayment", order[1]).orElseThrow().at("/PaymentData/partcredit").asText());
    }

    @Test
    void case03TheRestAfterAPartRefundIsCreditedAsAPartOfWhatIsLeft() {
        String[] order = e2e.checkout(2);
        e2e.shop.setStatus(order[0], "completed");
        e2e.settle();
        e2e.shop.refund(order[0], RefundSpec.lines().line(e2e.shop.lineId(order[0], "MUG"), 1));
        e2e.settle();
        e2e.shop.refund(order[0], RefundSpec.amount(NoteText.money(TOTAL - ONE_MUG, null)));
        e2e.settle();

        assertEquals(TOTAL, e2e.sandbox.payment(order[1]).orElseThrow().creditedWithTax());
        assertEquals("true", e2e.sandbox.lastData("creditPayment", order[1]).orElseThrow().at("/PaymentData/partcredit").asText());
        assertTrue(e2e.notesFromOrderhook(order[0]).stream().noneMatch(n -> n.contains("could not")),
                e2e.notesFromOrderhook(order[0]).toString());
    }

    // ---- case 4: what the gateway already refunded ------------------------------------------------

    @Test
    void case04ARefundTheGatewayAlreadyPaidBackIsRecordedNotCreditedAgain() {
        String[] order = e2e.checkout(2);
        e2e.shop.setStatus(order[0], "completed");
        e2e.settle();
        String refundId = e2e.shop.refund(order[0], RefundSpec.lines().line(e2e.shop.lineId(order[0], "MUG"), 1).apiRefund(true));
        e2e.settle();

        assertEquals(0, e2e.sandbox.calls("creditPayment", order[1]));
        List<String> notes = e2e.notesFromOrderhook(order[0]);
        assertEquals("Refund #" + refundId + " of 125.00 SEK was made with \"Refund via\" the payment gateway, which paid it"
                + " back itself; orderhook recorded it and did not credit it at Billmate again.", notes.get(1));

        e2e.shop.refund(order[0], RefundSpec.amount(NoteText.money(TOTAL - ONE_MUG, null)));
        e2e.settle();
        assertEquals(TOTAL - ONE_MUG, e2e.sandbox.payment(order[1]).orElseThrow().creditedWithTax(),
                "the rest, refunded manually, is credited");
    }

    // ---- case 5: updatePayment with what Billmate requires ----------------------------------------

    @Test
    void case05AnUpdateCarriesLanguageCountryTheOrderNumberAndTheCustomer() {
        String[] order = e2e.checkout(2);
        e2e.holdAndEdit(order[0], "MUG", 3);
        e2e.shop.setStatus(order[0], "processing");
        e2e.settle();

        OrderSnapshot edited = WooOrderJson.order(e2e.shop.order(order[0]));
        assertEquals(edited.total(), e2e.sandbox.payment(order[1]).orElseThrow().totalWithTax());
        JsonNode sent = e2e.sandbox.lastData("updatePayment", order[1]).orElseThrow();
        assertEquals(edited.orderNumber(), sent.at("/PaymentData/orderid").asText());
        assertEquals("sv", sent.at("/PaymentData/language").asText());
        assertEquals("SE", sent.at("/PaymentData/country").asText());
        assertEquals("anna.andersson@example.com", sent.at("/Customer/Billing/email").asText());
    }

    // ---- case 6: refunds of shipping or fees only --------------------------------------------------

    @Test
    void case06AShippingOnlyRefundIsCreditedAsAnArticle() {
        String[] order = e2e.checkout(2);
        e2e.shop.setStatus(order[0], "completed");
        e2e.settle();
        e2e.shop.refund(order[0], RefundSpec.lines().wholeLine(e2e.shop.shippingLineIds(order[0]).get(0)));
        e2e.settle();

        assertEquals(6_125, e2e.sandbox.payment(order[1]).orElseThrow().creditedWithTax(), "49.00 + 25 %");
        JsonNode sent = e2e.sandbox.lastData("creditPayment", order[1]).orElseThrow();
        assertFalse(sent.path("Articles").isEmpty(), sent.toString());
    }

    // ---- case 7: where the payment number is --------------------------------------------------------

    @Test
    void case07ThePaymentNumberInBillmateCheckoutsMetaIsUsedWhenTransactionIdIsEmpty() {
        String[] order = e2e.placeOrder(2, INVOICE, PaymentNumberField.BILLMATE_CHECKOUT_META);
        e2e.settle();
        e2e.shop.setStatus(order[0], "completed");
        e2e.settle();

        assertTrue(e2e.activated(order[1]), e2e.paymentStatus(order[1]));
        assertEquals(1, e2e.sandbox.calls("activatePayment", order[1]));
    }

    @Test
    void case07CompletingAnOrderWithoutAPaymentNumberSaysSoAndSetsTheFailureStatus() {
        String[] order = e2e.placeOrder(2, INVOICE, PaymentNumberField.NONE);
        e2e.settle();
        e2e.shop.setStatus(order[0], "completed");
        e2e.settle();

        assertEquals("Created", e2e.paymentStatus(order[1]));
        assertEquals("on-hold", e2e.shop.status(order[0]));
        assertEquals(List.of("Billmate reservation could not be activated. Missing Billmate transaction id. The order was set"
                + " to On hold. Add the payment number to the order (the transaction id) and save it again, or handle the"
                + " payment in Billmate Online."), e2e.notesFromOrderhook(order[0]));
    }

    @Test
    void case07AnotherPaymentNumberLaterIsANoticeAndTheFirstIsStillManaged() {
        String[] order = e2e.checkout(2);
        String second = e2e.reserve(order[0], INVOICE);
        e2e.shop.updateOrder(order[0], "{\"transaction_id\":\"" + second + "\"}");
        e2e.settle();
        e2e.shop.setStatus(order[0], "completed");
        e2e.settle();

        assertTrue(e2e.activated(order[1]), "the first number is captured");
        assertEquals(0, e2e.sandbox.calls("activatePayment", second));
        assertTrue(e2e.notesFromOrderhook(order[0]).get(0).startsWith("The order now shows Billmate payment number " + second
                + ", but orderhook manages payment " + order[1]), e2e.notesFromOrderhook(order[0]).toString());
    }

    // ---- case 8: "already done" is not a failure ------------------------------------------------------

    @Test
    void case08AReservationActivatedInBillmateOnlineIsRecordedAsDoneWithoutAFailure() {
        String[] order = e2e.checkout(2);
        e2e.sandbox.setStatus(order[1], "Factoring");
        e2e.shop.setStatus(order[0], "completed");
        e2e.settle();

        assertEquals("completed", e2e.shop.status(order[0]));
        assertEquals(List.of("Billmate reservation was already activated in Billmate; orderhook recorded it and captured"
                + " nothing again."), e2e.notesFromOrderhook(order[0]));
        e2e.shop.refund(order[0], RefundSpec.lines().line(e2e.shop.lineId(order[0], "MUG"), 1));
        e2e.settle();
        assertEquals(ONE_MUG, e2e.sandbox.payment(order[1]).orElseThrow().creditedWithTax(), "and refunds are credited");
    }

    @Test
    void case08AReservationCancelledInBillmateOnlineIsRecordedAsDoneWithoutAFailure() {
        String[] order = e2e.checkout(2);
        e2e.sandbox.setStatus(order[1], "Cancelled");
        e2e.shop.setStatus(order[0], "cancelled");
        e2e.settle();

        assertEquals("cancelled", e2e.shop.status(order[0]));
        assertEquals(List.of("Billmate reservation was already cancelled in Billmate; orderhook recorded it."),
                e2e.notesFromOrderhook(order[0]));
    }

    // ---- case 9: refunds before activation ----------------------------------------------------------

    @Test
    void case09AFullRefundBeforeActivationCancelsTheReservation() {
        String[] order = e2e.checkout(2);
        e2e.shop.refund(order[0], RefundSpec.amount(NoteText.money(TOTAL, null)));
        e2e.settle();

        assertEquals("Cancelled", e2e.paymentStatus(order[1]));
        assertEquals(0, e2e.sandbox.calls("creditPayment", order[1]));
        assertEquals(List.of("Billmate reservation was successfully cancelled. The order was refunded in full before it"
                + " was activated, so nothing was captured."), e2e.notesFromOrderhook(order[0]));
    }

    @Test
    void case09APartRefundBeforeActivationLowersTheReservationAndCompletionCapturesTheRest() {
        String[] order = e2e.checkout(2);
        e2e.shop.refund(order[0], RefundSpec.lines().line(e2e.shop.lineId(order[0], "MUG"), 1));
        e2e.settle();
        assertEquals(TOTAL - ONE_MUG, e2e.sandbox.payment(order[1]).orElseThrow().totalWithTax());
        e2e.shop.setStatus(order[0], "completed");
        e2e.settle();

        assertTrue(e2e.activated(order[1]));
        assertEquals(TOTAL - ONE_MUG, e2e.sandbox.payment(order[1]).orElseThrow().totalWithTax(), "captured: the rest");
        assertEquals(0, e2e.sandbox.calls("creditPayment", order[1]), "nothing to credit afterwards");
    }

    // ---- case 10: credit-check words are not activations ------------------------------------------------

    @Test
    void case10ACreditCheckAnsweringHandlingIsNotTakenForAnActivation() {
        String[] order = e2e.checkout(2);
        e2e.sandbox.setCreditCheck(order[1], "Handling");
        // The first activation never reaches Billmate's books: the connection drops without an answer.
        e2e.sandbox.inject("activatePayment", 1, SandboxFault.timeout(Duration.ofMillis(50)));
        e2e.shop.setStatus(order[0], "completed");
        e2e.settle();

        assertTrue(e2e.activated(order[1]), "captured: " + e2e.paymentStatus(order[1]));
        assertEquals(2, e2e.sandbox.calls("activatePayment", order[1]), "the dropped call, then the one applied");
        assertTrue(e2e.notesFromOrderhook(order[0]).get(0).startsWith("Billmate reservation was successfully activated."),
                e2e.notesFromOrderhook(order[0]).toString());
    }

    // ---- case 11: a shop clock far ahead --------------------------------------------------------------

    @Test
    void case11AShopClockHoursAheadDoesNotFreezeTheOrder() {
        String[] order = e2e.checkout(2);
        e2e.shopClock.advance(Duration.ofHours(3));
        e2e.shop.setStatus(order[0], "on-hold");
        e2e.settle();
        e2e.shopClock.advance(Duration.ofHours(-3));
        e2e.shop.setStatus(order[0], "cancelled");
        e2e.settle();

        assertEquals("Cancelled", e2e.paymentStatus(order[1]));
        List<String> notes = e2e.notesFromOrderhook(order[0]);
        assertTrue(notes.get(0).startsWith("The shop's clock is ahead"), notes.toString());
        assertEquals("Billmate reservation was successfully cancelled.", notes.get(1));
    }

    // ---- case 12: a late failure status never overwrites the merchant's newer one -------------------------

    @Test
    void case12AFailureStatusDeliveredLateDoesNotOverwriteTheStatusTheMerchantSetMeanwhile() {
        String[] order = e2e.checkout(2);
        e2e.sandbox.inject("activatePayment", 1, SandboxFault.error("5206"));
        e2e.shop.setAvailable(false);
        e2e.shop.setStatus(order[0], "completed");
        e2e.settle();
        e2e.shop.setStatus(order[0], "processing");
        e2e.shop.setAvailable(true);
        e2e.outboxAfter(Duration.ofMinutes(10));
        e2e.settle();

        assertEquals("processing", e2e.shop.status(order[0]));
        String note = e2e.notesFromOrderhook(order[0]).get(0);
        assertTrue(note.contains("(error code 5206)") && note.endsWith("(orderhook did not set the order to On hold: it is"
                + " Processing now, changed after this happened.)"), note);
    }

    // ---- case 13: decimal quantities and API v1 webhooks -------------------------------------------------

    @Test
    void case13AWebhookOfAnOlderApiVersionIsQuarantinedWithWhatToChange() throws Exception {
        String body = "{\"id\":4711,\"status\":\"completed\",\"date_modified\":\"2024-05-02T12:00:00\",\"total\":\"10.00\"}";
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(EndToEnd.WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = Base64.getEncoder().encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(e2e.webhookUrl())
                .header("Content-Type", "application/json").header("X-WC-Webhook-Topic", "order.updated")
                .header("X-WC-Webhook-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(202, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("WP REST API Integration v3"), answer.body());
        List<QuarantineStore.Entry> kept = new QuarantineStore(e2e.dynamo, e2e.table).entries(EndToEnd.SHOP);
        assertEquals(1, kept.size());
    }

    // ---- case 14: the refund note in the seed's words ------------------------------------------------

    @Test
    void case14ARefundNoteSaysBillmateCheckoutOrderWasSuccessfullyRefundedWithTheAmount() {
        String[] order = e2e.checkout(2);
        e2e.shop.setStatus(order[0], "completed");
        e2e.settle();
        String refundId = e2e.shop.refund(order[0], RefundSpec.lines().line(e2e.shop.lineId(order[0], "MUG"), 1));
        e2e.settle();

        String note = e2e.notesFromOrderhook(order[0]).get(1);
        assertTrue(note.startsWith("Billmate Checkout order was successfully refunded: 125.00 SEK. Refund #" + refundId
                + ", credit number "), note);
    }

    // ---- case 15: an undecided credit still counts ---------------------------------------------------

    @Test
    void case15ACreditOfUnknownOutcomeCountsAsPossiblyCreditedSoNoRefundIsSentBeyondTheBalance() {
        String[] order = e2e.checkout(2);
        e2e.shop.setStatus(order[0], "completed");
        e2e.settle();
        // Billmate credits one mug, and the answer is lost: getPaymentinfo cannot tell a part credit.
        e2e.sandbox.inject("creditPayment", 1, SandboxFault.lostResponse());
        String undecided = e2e.shop.refund(order[0], RefundSpec.lines().line(e2e.shop.lineId(order[0], "MUG"), 1));
        e2e.settle();
        assertTrue(e2e.notesFromOrderhook(order[0]).get(1).startsWith("orderhook could not confirm whether refund #" + undecided),
                e2e.notesFromOrderhook(order[0]).toString());
        // The merchant deletes that refund in the shop, thinking it failed, and refunds the whole order.
        e2e.shop.deleteRefund(order[0], undecided);
        e2e.shop.refund(order[0], RefundSpec.amount(NoteText.money(TOTAL, null)));
        e2e.settle();

        assertEquals(ONE_MUG, e2e.sandbox.payment(order[1]).orElseThrow().creditedWithTax(), "nothing more was sent");
        assertEquals(1, e2e.sandbox.calls("creditPayment", order[1]));
        List<String> notes = e2e.notesFromOrderhook(order[0]);
        assertTrue(notes.stream().noneMatch(n -> n.contains("could not refund")), notes.toString());
        assertTrue(notes.get(notes.size() - 1).contains("may or may not have reached Billmate"), notes.toString());
    }
}

package io.orderhook.processing;

import static io.orderhook.processing.TestOrders.order;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.orderhook.lifecycle.OrderState;
import io.orderhook.lifecycle.Reservation;
import io.orderhook.processing.OrderProcessor.Result;
import io.orderhook.store.NoteStore.Note;
import io.orderhook.testkit.billmate.SandboxFault;

class OrderProcessorTest {
    private final ProcessorFixture f = new ProcessorFixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void completingAProcessingOrderActivatesTheReservationOnceAndTellsTheMerchant() {
        f.reserve(order("1"));
        f.deliver(order("1").status("processing"));
        for (int i = 0; i < 10; i++) {
            f.deliver(order("1").status("completed").at(5));
        }

        assertEquals(1, f.calls("activatePayment", "1"));
        assertEquals(ProcessorFixture.ACTIVATED, f.payment("1").status());
        assertEquals(List.of("Billmate reservation was successfully activated. Activation number: " + f.number("1") + "."),
                f.shopNotes("1"));
        assertEquals(f.number("1"), f.shopMeta("1").get("_orderhook_activation_number"));
        OrderState state = f.states.load(ProcessorFixture.SHOP, f.shopOrderId("1")).orElseThrow();
        assertEquals(Reservation.ACTIVATED, state.reservation());
        assertTrue(f.notes.forOrder(ProcessorFixture.SHOP, f.shopOrderId("1")).stream().allMatch(Note::delivered));
        assertTrue(f.notes.due(f.clock.instant().plus(Duration.ofDays(1)), 10).isEmpty(), "nothing left in the outbox");
    }

    @Test
    void cancellingAProcessingOrderCancelsTheReservation() {
        f.reserve(order("2"));
        f.deliver(order("2"));
        f.deliver(order("2").status("cancelled").at(3));

        assertEquals("Cancelled", f.payment("2").status());
        assertEquals(List.of("Billmate reservation was successfully cancelled."), f.shopNotes("2"));
    }

    @Test
    void editingAnOnHoldOrderAndSettingItBackToProcessingUpdatesTheReservation() {
        f.reserve(order("3"));
        f.deliver(order("3"));
        f.deliver(order("3").status("on-hold").at(1));
        f.deliver(order("3").status("on-hold").quantity(3).at(2));
        assertEquals(0, f.calls("updatePayment", "3"), "nothing is sent while the merchant edits");
        f.deliver(order("3").status("processing").quantity(3).at(3));

        assertEquals(TestOrders.total(3), f.payment("3").totalWithTax());
        assertEquals(1, f.calls("updatePayment", "3"));
        assertEquals(1, f.shopNotes("3").size());
        assertTrue(f.shopNotes("3").get(0).startsWith("Billmate order was successfully updated"));
    }

    @Test
    void aCoalescedCompletedWithNewLinesUpdatesThenActivates() {
        f.reserve(order("4"));
        f.deliver(order("4"));
        f.deliver(order("4").status("completed").quantity(3).at(5));

        assertEquals(TestOrders.total(3), f.payment("4").totalWithTax());
        assertEquals(ProcessorFixture.ACTIVATED, f.payment("4").status());
        List<String> notes = f.shopNotes("4");
        assertEquals(2, notes.size());
        assertTrue(notes.get(0).startsWith("Billmate order was successfully updated"));
        assertTrue(notes.get(1).startsWith("Billmate reservation was successfully activated"));
    }

    @Test
    void refundingPartThenTheRestCreditsTwiceAndTheFullAmountInTotal() {
        long total = TestOrders.total(2);
        f.reserve(order("5"));
        f.deliver(order("5").status("completed"));
        String first = f.refund("5", 5_000);
        f.deliver(order("5").status("completed").refund(first, 5_000).at(10));
        String rest = f.refund("5", total - 5_000);
        f.deliver(order("5").status("refunded").refund(first, 5_000).refund(rest, total - 5_000).at(11));

        assertEquals(2, f.calls("creditPayment", "5"));
        assertEquals(total, f.payment("5").creditedWithTax());
        List<String> creditNumbers = f.payment("5").creditNumbers();
        assertEquals(2, creditNumbers.size());
        List<String> notes = f.shopNotes("5");
        assertEquals("Billmate Checkout order was successfully refunded: 50.00 SEK. Refund #" + first + ", credit number "
                + creditNumbers.get(0) + ".", notes.get(1));
        assertTrue(notes.get(2).startsWith("Billmate Checkout order was successfully refunded: "
                + NoteText.money(total - 5_000, "SEK") + "."));
    }

    @Test
    void aRefusedActivationSetsTheFailureStatusAndItsEchoIsIgnored() {
        f.reserve(order("6"));
        f.deliver(order("6"));
        f.billmate.cancelPayment(f.number("6")); // cancelled at Billmate, not through orderhook
        f.deliver(order("6").status("completed").at(5));

        assertEquals("on-hold", f.shopStatus("6"));
        String note = f.shopNotes("6").get(0);
        assertTrue(note.contains("could not activate the reservation") && note.contains("5210")
                && note.contains("The order was set to On hold"), note);
        int callsBefore = f.calls("activatePayment", "6") + f.calls("cancelPayment", "6");

        OrderProcessor.Outcome echo = f.deliver(order("6").status("on-hold").at(6));

        assertEquals(Result.IGNORED, echo.result());
        assertTrue(echo.detail().startsWith("ECHO"), echo.detail());
        assertEquals(callsBefore, f.calls("activatePayment", "6") + f.calls("cancelPayment", "6"));
        assertEquals(1, f.shopNotes("6").size());
    }

    @Test
    void aTransientProviderFailureIsRetriedAndThenActivatesOnce() {
        f.reserve(order("7"));
        f.deliver(order("7"));
        f.sandbox.inject("activatePayment", 1, SandboxFault.error("9008")); // "Internal server error. Please try again!"

        assertEquals(Result.RETRY, f.deliver(order("7").status("completed").at(5)).result());
        assertEquals(null, f.states.load(ProcessorFixture.SHOP, f.shopOrderId("7")).orElseThrow().pending());
        assertEquals(Result.APPLIED, f.deliver(order("7").status("completed").at(5)).result());

        assertEquals(ProcessorFixture.ACTIVATED, f.payment("7").status());
        assertEquals(0, f.sandbox.pendingFaults());
        assertEquals(2, f.calls("activatePayment", "7"), "the failed activation (which applied nothing) and one more");
        assertEquals(1, f.shopNotes("7").size());
    }

    @Test
    void anActivationAppliedWhoseAnswerWasLostIsConfirmedNotRepeated() {
        f.reserve(order("8"));
        f.deliver(order("8"));
        int questionsBefore = f.calls("getPaymentinfo", "8"); // first sight asks what the reservation holds
        f.sandbox.inject("activatePayment", 1, SandboxFault.lostResponse()); // applied, the answer lost

        assertEquals(Result.RETRY, f.deliver(order("8").status("completed").at(5)).result());
        assertTrue(f.states.load(ProcessorFixture.SHOP, f.shopOrderId("8")).orElseThrow().pending().outcomeUnknown());
        f.deliver(order("8").status("completed").at(5));

        assertEquals(ProcessorFixture.ACTIVATED, f.payment("8").status());
        assertEquals(1, f.calls("activatePayment", "8"));
        assertEquals(2, f.calls("activatePayment", "8") + f.calls("getPaymentinfo", "8") - questionsBefore,
                "one activation, then one status question; no second activation");
        assertTrue(f.shopNotes("8").get(0).contains("confirmed the result"), f.shopNotes("8").get(0));
    }

    @Test
    void whenTheShopIsDownNotesArriveLaterAndPaymentStepsAreNotRepeated() {
        f.reserve(order("9"));
        f.deliver(order("9"));
        f.shop.setAvailable(false);

        assertEquals(Result.APPLIED, f.deliver(order("9").status("completed").at(5)).result());
        assertEquals(List.of(), f.shopNotes("9"));
        assertEquals(new io.orderhook.outbox.OutboxDispatcher.Summary(0, 0, 0), f.outbox.dispatch(10),
                "the outbox leaves a fresh note to the processor for the grace period");
        assertEquals(1, f.notes.due(f.clock.instant().plus(Duration.ofHours(2)), 10).size());

        f.advance(Duration.ofMinutes(3));
        OutboxDispatcherSummary.assertRescheduled(f.outbox.dispatch(10));
        f.shop.setAvailable(true);
        f.advance(Duration.ofMinutes(10));
        assertEquals(1, f.outbox.dispatch(10).delivered());
        f.deliver(order("9").status("completed").at(5));

        assertEquals(1, f.calls("activatePayment", "9"));
        assertEquals(1, f.shopNotes("9").size());
        assertEquals(f.number("9"), f.shopMeta("9").get("_orderhook_activation_number"));
        assertTrue(f.notes.forOrder(ProcessorFixture.SHOP, f.shopOrderId("9")).get(0).delivered());
    }

    @Test
    void anActivateOrCancelCostsAtMostFourDynamoDbRequests() {
        f.reserve(order("10"));
        f.reserve(order("11"));
        f.deliver(order("10"));
        f.deliver(order("11"));

        f.requests.reset();
        f.deliver(order("10").status("completed").at(5));
        List<String> activate = f.requests.operations();
        f.requests.reset();
        f.deliver(order("11").status("cancelled").at(5));
        List<String> cancel = f.requests.operations();

        System.out.println("DynamoDB requests: activate " + activate + ", cancel " + cancel);
        assertTrue(activate.size() <= 4, activate.toString());
        assertTrue(cancel.size() <= 4, cancel.toString());
        assertEquals(ProcessorFixture.ACTIVATED, f.payment("10").status());
        assertEquals("Cancelled", f.payment("11").status());
    }

    @Test
    void theDebugLogIsWrittenOnlyWhenTheSettingIsOnAndHoldsNoSecrets() {
        f.reserve(order("12"));
        f.reserve(order("13"));
        f.deliver(order("12"));
        f.deliver(order("12").status("completed").at(5));
        assertEquals(List.of(), f.logs.forOrder(ProcessorFixture.SHOP, f.shopOrderId("12")));

        f.settings(true, "completed");
        f.requests.reset();
        f.deliver(order("13"));
        f.deliver(order("13").status("completed").at(5));

        var entries = f.logs.forOrder(ProcessorFixture.SHOP, f.shopOrderId("13"));
        assertTrue(entries.stream().anyMatch(e -> "billmate.activate".equals(e.call()) && "done".equals(e.outcome())),
                entries.toString());
        assertTrue(entries.stream().anyMatch(e -> "shop.addNote".equals(e.call())));
        long inTwoWeeks = f.clock.instant().plus(Duration.ofDays(14)).getEpochSecond();
        assertTrue(entries.stream().allMatch(e -> e.expiresAt() == inTwoWeeks));
        for (var e : entries) {
            String all = e.request() + e.response();
            assertFalse(all.contains("secret") || all.contains("hash"), all);
            assertFalse(all.contains(ProcessorFixture.BILLMATE_SECRET) || all.contains(ProcessorFixture.REST_KEY)
                    || all.contains(ProcessorFixture.REST_SECRET), all);
        }
    }

    @Test
    void ordersOfOtherPaymentMethodsAreIgnoredWithoutReadingState() {
        f.requests.reset();
        OrderProcessor.Outcome outcome = f.deliver(order("14").status("completed").paymentMethod("stripe"));

        assertEquals(Result.IGNORED, outcome.result());
        assertTrue(outcome.detail().startsWith("NOT_OUR_PAYMENT_METHOD"), outcome.detail());
        assertEquals(0, f.requests.count());
    }

    @Test
    void aStaleDeliveryIsIgnored() {
        f.reserve(order("15"));
        f.deliver(order("15").status("completed").at(5));
        OrderProcessor.Outcome stale = f.deliver(order("15").status("cancelled").at(3));

        assertTrue(stale.detail().startsWith("STALE"), stale.detail());
        assertEquals(0, f.calls("cancelPayment", "15"));
        assertEquals(ProcessorFixture.ACTIVATED, f.payment("15").status());
    }
}

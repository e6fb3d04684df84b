package io.orderhook.processing;

import static io.orderhook.processing.TestOrders.order;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.orderhook.processing.OrderProcessor.Result;
import io.orderhook.provider.billmate.BillmateProvider;
import io.orderhook.testkit.billmate.BillmateSandbox;
import io.orderhook.testkit.billmate.SandboxFault;

/** The processor with the real Billmate client against the Billmate sandbox over HTTP. */
class ProcessorWithSandboxTest {
    private final ProcessorFixture f = new ProcessorFixture();
    private final BillmateSandbox sandbox = f.sandbox;
    private final BillmateProvider billmate = f.billmate;

    @AfterEach
    void close() {
        f.close();
    }

    /** Places the order and reserves its payment at the sandbox; returns the payment's number. */
    private String reserve(String orderId) {
        f.reserve(order(orderId));
        return f.number(orderId);
    }

    /** An invoice (method 1) is "Factoring" once activated; every activated word counts. */
    private void assertActivated(String number) {
        assertEquals(io.orderhook.provider.PaymentState.ACTIVATED,
                BillmateProvider.state(sandbox.payment(number).orElseThrow().status()));
    }

    @Test
    void tenDuplicateCompletionsActivateTheSandboxPaymentOnce() {
        String number = reserve("1");
        f.deliver(order("1").payment(number));
        for (int i = 0; i < 10; i++) {
            f.deliver(order("1").payment(number).status("completed").at(5));
        }

        assertEquals(1, sandbox.calls("activatePayment", number));
        assertActivated(number);
        assertTrue(f.shopNotes("1").get(0).startsWith("Billmate reservation was successfully activated. Activation number: "));
    }

    @Test
    void aCoalescedCompletedWithNewLinesUpdatesThenActivatesAtTheSandbox() {
        String number = reserve("2");
        f.deliver(order("2").payment(number));
        f.deliver(order("2").payment(number).status("completed").quantity(1).at(5));

        var payment = sandbox.payment(number).orElseThrow();
        assertEquals(TestOrders.total(1), payment.totalWithTax());
        assertActivated(number);
        assertEquals(1, sandbox.calls("updatePayment", number));
        List<String> notes = f.shopNotes("2");
        assertTrue(notes.get(0).startsWith("Billmate order was successfully updated"), notes.toString());
        assertTrue(notes.get(1).startsWith("Billmate reservation was successfully activated"), notes.toString());
    }

    @Test
    void anActivationAppliedWhoseResponseWasLostIsNotSentAgain() {
        String number = reserve("3");
        f.deliver(order("3").payment(number));
        sandbox.inject("activatePayment", 1, new SandboxFault.LostResponse());

        assertEquals(Result.RETRY, f.deliver(order("3").payment(number).status("completed").at(5)).result());
        assertEquals(Result.APPLIED, f.deliver(order("3").payment(number).status("completed").at(5)).result());

        assertEquals(1, sandbox.calls("activatePayment", number));
        assertTrue(sandbox.calls("getPaymentinfo", number) >= 1);
        assertActivated(number);
        assertEquals(1, f.shopNotes("3").size());
    }

    /**
     * The merchant puts the order on hold, then completes it; the stream gives up on the on-hold
     * delivery (it is sent again later), and the activation "completed" starts loses its answer.
     * Returns the late on-hold delivery.
     */
    private io.orderhook.order.OrderSnapshot onHoldGivenUpThenCompletedWithTheAnswerLost(String orderId, String number) {
        f.shop.setStatus(f.shopOrderId(orderId), "processing");
        assertEquals(Result.IGNORED, f.deliverAsSent(f.asTheShopSendsIt(orderId)).result());
        f.shop.setStatus(f.shopOrderId(orderId), "on-hold");
        io.orderhook.order.OrderSnapshot onHold = f.asTheShopSendsIt(orderId);
        sleepPastTheSecond();
        f.shop.setStatus(f.shopOrderId(orderId), "completed");
        sandbox.inject("activatePayment", 1, new SandboxFault.HttpStatus(502));
        assertEquals(Result.RETRY, f.deliverAsSent(f.asTheShopSendsIt(orderId)).result());
        assertEquals("Created", sandbox.payment(number).orElseThrow().status());
        return onHold;
    }

    /** The shop's times are whole seconds: the next change must be dated later. */
    private static void sleepPastTheSecond() {
        try {
            Thread.sleep(1_100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aDeliverySentAgainAfterALaterChangeStartedItsStepDoesWhatTheLaterChangeAsked() {
        String number = reserve("5");
        io.orderhook.order.OrderSnapshot onHold = onHoldGivenUpThenCompletedWithTheAnswerLost("5", number);

        // The late delivery comes first: the activation was not applied, and the delivery alone is
        // stale; the order as the shop has it now (completed) is what is done.
        assertEquals(Result.APPLIED, f.deliverAsSent(onHold).result(), f.eventLines.toString());

        assertEquals(2, sandbox.calls("activatePayment", number));
        assertActivated(number);
        assertEquals(1, f.shopNotes("5").size(), f.shopNotes("5").toString());
        assertTrue(f.shopNotes("5").get(0).startsWith("Billmate reservation was successfully activated"), f.shopNotes("5").toString());
        assertTrue(f.eventLines.stream().anyMatch(l -> l.contains("read-from-shop")), f.eventLines.toString());
    }

    @Test
    void aLateDeliveryWhileTheShopIsDownIsRetriedAndActsOnceTheShopIsBack() {
        String number = reserve("6");
        io.orderhook.order.OrderSnapshot onHold = onHoldGivenUpThenCompletedWithTheAnswerLost("6", number);

        f.shop.setAvailable(false);
        Result whileDown = f.deliverAsSent(onHold).result();
        f.shop.setAvailable(true);

        assertEquals(Result.RETRY, whileDown, "the later change is not known without the shop: the delivery comes again");
        assertEquals("Created", sandbox.payment(number).orElseThrow().status());
        assertEquals(Result.APPLIED, f.deliverAsSent(onHold).result(), f.eventLines.toString());
        assertActivated(number);
        assertEquals(2, sandbox.calls("activatePayment", number));
    }

    @Test
    void aTransientProviderFailureIsRetriedAndThenApplied() {
        String number = reserve("4");
        f.deliver(order("4").payment(number));
        sandbox.inject("cancelPayment", 1, new SandboxFault.HttpStatus(503));

        assertEquals(Result.RETRY, f.deliver(order("4").payment(number).status("cancelled").at(5)).result());
        assertEquals(Result.APPLIED, f.deliver(order("4").payment(number).status("cancelled").at(5)).result());

        assertEquals("Cancelled", sandbox.payment(number).orElseThrow().status());
        assertEquals(List.of("Billmate reservation was successfully cancelled."), f.shopNotes("4"));
    }

    @Test
    void aRefusedCancellationOfAnActivatedPaymentSaysWhatToDo() {
        String number = reserve("5");
        f.deliver(order("5").payment(number));
        billmate.activatePayment(number);
        f.deliver(order("5").payment(number).status("cancelled").at(5));

        String note = f.shopNotes("5").get(0);
        assertTrue(note.startsWith("Billmate could not cancel the reservation:") && note.contains("5209")
                && note.contains("The order was set to On hold") && note.contains("refund it there"), note);
        assertEquals("on-hold", f.shopStatus("5"));
    }

    @Test
    void anActivateOrCancelWithTheRealClientCostsAtMostFourDynamoDbRequests() {
        String one = reserve("6");
        String two = reserve("7");
        f.deliver(order("6").payment(one));
        f.deliver(order("7").payment(two));

        f.requests.reset();
        f.deliver(order("6").payment(one).status("completed").at(5));
        int activate = f.requests.count();
        f.requests.reset();
        f.deliver(order("7").payment(two).status("cancelled").at(5));
        int cancel = f.requests.count();

        assertTrue(activate <= 4 && cancel <= 4, "activate " + activate + ", cancel " + cancel);
        assertActivated(one);
        assertEquals("Cancelled", sandbox.payment(two).orElseThrow().status());
    }
}

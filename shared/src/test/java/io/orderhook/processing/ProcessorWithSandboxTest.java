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

package io.orderhook.endtoend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.orderhook.processing.NoteText;
import io.orderhook.testkit.billmate.SandboxFault;

/** Provider faults, a shop outage and processor crashes, with the whole backend running. */
class FaultsEndToEndTest {
    private final EndToEnd e2e = new EndToEnd();

    @AfterEach
    void close() {
        e2e.close();
    }

    @Test
    void aTransientProviderFailureIsRetriedByTheStreamAndThenActivatesOnce() {
        String[] order = e2e.checkout(2);
        e2e.sandbox.inject("activatePayment", 1, new SandboxFault.HttpStatus(502));
        e2e.shop.setStatus(order[0], "completed");
        e2e.settle();

        assertTrue(e2e.activated(order[1]));
        assertEquals(2, e2e.sandbox.calls("activatePayment", order[1]), "the failed call and the retry");
        assertEquals(List.of("Billmate reservation was successfully activated. Activation number: " + order[1] + "."),
                e2e.notesFromOrderhook(order[0]));
    }

    @Test
    void anActivationAppliedWhoseResponseWasLostIsConfirmedAndNotSentAgain() {
        String[] order = e2e.checkout(2);
        e2e.sandbox.inject("activatePayment", 1, new SandboxFault.LostResponse());
        e2e.shop.setStatus(order[0], "completed");
        e2e.settle();

        assertTrue(e2e.activated(order[1]));
        assertEquals(1, e2e.sandbox.calls("activatePayment", order[1]));
        assertTrue(e2e.sandbox.calls("getPaymentinfo", order[1]) >= 1);
        List<String> notes = e2e.notesFromOrderhook(order[0]);
        assertEquals(1, notes.size(), notes.toString());
        assertTrue(notes.get(0).endsWith(NoteText.confirmedLater()), notes.get(0));
    }

    @Test
    void whileTheShopIsDownPaymentStepsGoOnAndTheNotesArriveLaterOnce() {
        String[] first = e2e.checkout(2);
        String[] second = e2e.checkout(1);
        e2e.shop.setAvailable(false);
        e2e.shop.setStatus(first[0], "completed");
        e2e.shop.setStatus(second[0], "cancelled");
        e2e.settle();

        assertTrue(e2e.activated(first[1]));
        assertEquals("Cancelled", e2e.paymentStatus(second[1]));
        assertEquals(List.of(), e2e.notesFromOrderhook(first[0]));
        assertEquals(2, e2e.outboxAfter(Duration.ofMinutes(3)).rescheduled(), "still down: both notes wait");

        e2e.shop.setAvailable(true);
        assertEquals(2, e2e.outboxAfter(Duration.ofMinutes(10)).delivered());
        e2e.settle();
        assertEquals(0, e2e.outboxAfter(Duration.ofHours(2)).delivered(), "nothing is sent twice");

        assertEquals(List.of("Billmate reservation was successfully activated. Activation number: " + first[1] + "."),
                e2e.notesFromOrderhook(first[0]));
        assertEquals(List.of("Billmate reservation was successfully cancelled."), e2e.notesFromOrderhook(second[0]));
        assertEquals(first[1], e2e.shop.meta(first[0]).get("_orderhook_activation_number"));
        assertEquals(1, e2e.sandbox.calls("activatePayment", first[1]));
        assertEquals(1, e2e.sandbox.calls("cancelPayment", second[1]));
    }

    private long crashes() {
        return e2e.processorLog.stream().filter(l -> l.contains("simulated crash")).count();
    }

    @Test
    void aCrashAtAnyDynamoDbRequestOfAnActivationEndsInTheSameFinalState() {
        List<String> duplicated = new ArrayList<>();
        for (int crashAt = 1; crashAt <= 4; crashAt++) {
            String[] order = e2e.checkout(2);
            long crashesBefore = crashes();
            e2e.crash.failOnce(crashAt);
            e2e.shop.setStatus(order[0], "completed");
            e2e.settle();
            assertEquals(crashesBefore + 1, crashes(), "the processor met the crash at request " + crashAt);
            e2e.crash.reset();
            e2e.outboxAfter(Duration.ofMinutes(5));
            e2e.settle();

            String at = "crash at request " + crashAt;
            assertTrue(e2e.activated(order[1]), at);
            assertEquals(1, e2e.sandbox.calls("activatePayment", order[1]), at);
            String expected = "Billmate reservation was successfully activated. Activation number: " + order[1] + ".";
            List<String> notes = e2e.notesFromOrderhook(order[0]).stream().map(n -> n.replace(NoteText.confirmedLater(), "")).toList();
            assertTrue(notes.contains(expected), at + ": " + notes);
            assertEquals(List.of(expected), notes.stream().distinct().toList(), at);
            if (Collections.frequency(notes, expected) > 1) {
                duplicated.add(at);
            }
            assertEquals(order[1], e2e.shop.meta(order[0]).get("_orderhook_activation_number"), at);
        }
        // A crash while recording the delivery itself (request 4) used to make the outbox send the
        // note again; the outbox now finds the note's reference in the shop and only records it.
        assertTrue(duplicated.isEmpty(), duplicated.toString());
    }
}

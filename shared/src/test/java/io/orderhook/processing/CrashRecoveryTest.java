package io.orderhook.processing;

import static io.orderhook.processing.TestOrders.order;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.orderhook.lifecycle.OrderState;
import io.orderhook.processing.OrderProcessor.Result;

/**
 * The process dies after every possible number of external calls of a coalesced
 * "completed with new lines" (update, then activate, then the notes) and is started again,
 * as the stream retry and the outbox would: the final state is always the same.
 */
class CrashRecoveryTest {

    @Test
    void aCrashBetweenAnyTwoCallsEndsInTheSameFinalState() {
        Final reference = run(Integer.MAX_VALUE);
        assertEquals(1, reference.activations);
        int calls = reference.callsWithoutCrash;
        assertTrue(calls >= 8, "the run makes " + calls + " calls");
        List<String> duplicates = new ArrayList<>();
        for (int crashAfter = 0; crashAfter < calls; crashAfter++) {
            Final result = run(crashAfter);
            String at = "crash after call " + crashAfter;
            assertEquals(reference.providerTotal, result.providerTotal, at);
            assertEquals(1, result.activations, at);
            assertEquals(reference.status, result.status, at);
            assertEquals(reference.state, result.state, at);
            assertEquals(new LinkedHashSet<>(reference.notes), new LinkedHashSet<>(result.notes), at);
            if (result.notes.size() != reference.notes.size()) {
                duplicates.add(at);
                // Only in the delivery phase (3 shop calls and the write recording them), never earlier.
                assertTrue(crashAfter >= calls - 4, at + " sent a note twice");
            }
        }
        // A crash after the shop accepted a note and before its delivery was recorded makes
        // the outbox send that note again: notes are delivered at least once.
        System.out.println("note delivered twice after: " + duplicates);
        assertTrue(duplicates.size() <= 3, duplicates.toString());
    }

    private record Final(long providerTotal, int activations, String status, String state, List<String> notes,
            int callsWithoutCrash) {}

    private static Final run(int crashAfter) {
        try (ProcessorFixture f = new ProcessorFixture()) {
            f.reserve(order("1"));
            f.deliver(order("1"));
            f.crash.armAfter(crashAfter);
            int callsWithoutCrash = 0;
            try {
                f.deliver(order("1").status("completed").quantity(3).at(5));
                callsWithoutCrash = f.crash.calls();
            } catch (Crash.Crashed expected) {
                // the process died here
            }
            f.crash.reset();
            for (int retry = 0; retry < 5; retry++) {
                if (f.deliver(order("1").status("completed").quantity(3).at(5)).result() != Result.RETRY) {
                    break;
                }
            }
            f.advance(Duration.ofMinutes(5));
            f.outbox.dispatch(10);
            OrderState state = f.states.load(ProcessorFixture.SHOP, f.shopOrderId("1")).orElseThrow();
            var payment = f.payment("1");
            return new Final(payment.totalWithTax(), f.calls("activatePayment", "1"), payment.status(),
                    state.reservation() + " " + state.syncedTotal() + " " + state.activationNumber() + " " + state.pending(),
                    // A step confirmed after the crash says so in its note; the rest of the words are the same.
                    f.shopNotes("1").stream().map(n -> n.replace(NoteText.confirmedLater(), "")).toList(), callsWithoutCrash);
        }
    }
}

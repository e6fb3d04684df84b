package io.orderhook.endtoend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.orderhook.ledger.LedgerEntry;
import io.orderhook.store.FailedOrder;
import io.orderhook.testkit.billmate.SandboxFault;

/**
 * Billmate down for longer than the stream's retries: the processor gives up on the order, the
 * order gets a note and the failure status, and a failed record waits for the operator; once
 * Billmate is back, a redrive (the admin route the CLI and the console use) captures it exactly once.
 */
class GiveUpEndToEndTest {
    private static final String GAVE_UP = "orderhook could not process this order's latest change and stopped after ";

    private final EndToEnd e2e = new EndToEnd();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void close() {
        e2e.close();
    }

    /** A completed order while every Billmate call answers 503, until the poller gives up. */
    private String[] completedWhileBillmateIsDown() {
        String[] order = e2e.checkout(2);
        e2e.sandbox.inject(null, 10_000, new SandboxFault.HttpStatus(503));
        e2e.shop.setStatus(order[0], "completed");
        e2e.settle();
        return order;
    }

    @Test
    void anOrderGivenUpOnGetsItsNoteAndFailureStatusAndIsCapturedExactlyOnceWhenRedrivenAfterBillmateIsBack() {
        String[] order = completedWhileBillmateIsDown();

        assertEquals("on-hold", e2e.shop.status(order[0]), "the shop's failure status");
        List<String> notes = e2e.notesFromOrderhook(order[0]);
        assertEquals(1, notes.size(), notes.toString());
        assertTrue(notes.get(0).startsWith(GAVE_UP + "6 attempts. Last error: "), notes.get(0));
        assertTrue(notes.get(0).contains("Billmate answered HTTP 503 to "), notes.get(0));
        assertTrue(notes.get(0).contains("The order was set to On hold."), notes.get(0));
        FailedOrder failed = e2e.backend.wiring().failedOrders().find(EndToEnd.SHOP, order[0]).orElseThrow();
        assertEquals("completed", failed.statusBefore());
        assertTrue(failed.attempts() >= 6, failed.toString());
        JsonNode list = admin("GET", "/failed", 200);
        assertEquals(EndToEnd.SHOP, list.get("shopId").asText());
        assertEquals(1, list.get("failed").size(), list.toString());
        JsonNode listed = list.get("failed").get(0);
        assertEquals(order[0], listed.get("orderId").asText());
        assertEquals(failed.failedAt().toString(), listed.get("failedAt").asText());
        assertTrue(listed.get("reason").asText().contains("Billmate answered HTTP 503"), listed.toString());
        assertEquals(failed.attempts(), listed.get("attempts").asInt());
        JsonNode status = admin("GET", "/status", 200);
        assertEquals(1, status.get("failed").asInt());
        assertTrue(status.get("alarms").toString().contains("FailedOrdersAlarm"), status.toString());
        assertFalse(e2e.activated(order[1]));

        e2e.sandbox.clearFaults();
        JsonNode redriven = admin("POST", "/failed/" + order[0] + "/redrive", 200);
        e2e.settle();

        assertEquals(order[0], redriven.get("orderId").asText());
        assertTrue(redriven.get("redriven").asBoolean(), redriven.toString());
        // The status given back to the order reaches orderhook as the shop's webhook too: whichever of
        // the two runs first captures, and the other finds it done. Either way once (below).
        assertTrue(List.of("done", "already-done").contains(redriven.get("outcome").asText()), redriven.toString());
        assertTrue(e2e.activated(order[1]));
        assertEquals("completed", e2e.shop.status(order[0]), "the order got its status back");
        assertEquals(1, captures(order[0]), e2e.ledger(order[0]).toString());
        // The shop's webhook of the status given back may run the order at the same time as the
        // redrive; whichever comes second finds the activation at Billmate and does not send it.
        List<String> after = e2e.notesFromOrderhook(order[0]);
        assertEquals(2, after.size(), after.toString());
        assertTrue(after.get(1).startsWith("Billmate reservation was successfully activated. Activation number: " + order[1] + "."),
                after.get(1));
        assertEquals(0, admin("GET", "/failed", 200).get("failed").size());
        assertEquals(0, admin("GET", "/status", 200).get("failed").asInt());
        assertEquals("not-failed", admin("POST", "/failed/" + order[0] + "/redrive", 404).get("status").asText());
    }

    @Test
    void aCaptureWhoseAnswerWasLostBeforeBillmateWentDownIsNotSentAgainByTheRedrive() {
        String[] order = e2e.checkout(2);
        e2e.sandbox.inject("activatePayment", 1, new SandboxFault.LostResponse());
        e2e.sandbox.inject(null, 10_000, new SandboxFault.HttpStatus(503));
        e2e.shop.setStatus(order[0], "completed");
        e2e.settle();
        assertTrue(e2e.activated(order[1]), "Billmate activated it; its answer never came");
        assertEquals("on-hold", e2e.shop.status(order[0]));
        assertTrue(e2e.backend.wiring().failedOrders().find(EndToEnd.SHOP, order[0]).isPresent());

        e2e.sandbox.clearFaults();
        JsonNode first = admin("POST", "/failed/" + order[0] + "/redrive", 200);
        e2e.settle();

        assertTrue(first.get("redriven").asBoolean(), first.toString());
        assertEquals(1, e2e.sandbox.calls("activatePayment", order[1]), "the activation is never sent twice");
        assertEquals(1, captures(order[0]), e2e.ledger(order[0]).toString());
        assertEquals("completed", e2e.shop.status(order[0]));
        assertEquals("not-failed", admin("POST", "/failed/" + order[0] + "/redrive", 404).get("status").asText());
    }

    @Test
    void aRedriveWhileBillmateIsStillDownKeepsTheOrderFailed() {
        String[] order = completedWhileBillmateIsDown();

        JsonNode again = admin("POST", "/failed/" + order[0] + "/redrive", 503);
        e2e.settle();

        assertFalse(again.get("redriven").asBoolean(), again.toString());
        assertEquals("failed", again.get("outcome").asText());
        assertFalse(e2e.activated(order[1]));
        assertEquals(1, admin("GET", "/failed", 200).get("failed").size());
        assertEquals("bad-request", admin("POST", "/failed/abc/redrive", 400).get("status").asText());
    }

    /** Captures the ledger counts as having moved money (done, or found done at Billmate). */
    private long captures(String orderId) {
        return e2e.ledger(orderId).stream().filter(e -> e.operation() == LedgerEntry.Operation.CAPTURE)
                .filter(e -> e.result() == LedgerEntry.Result.DONE || e.result() == LedgerEntry.Result.ALREADY_DONE
                        || e.result() == LedgerEntry.Result.APPLIED_AFTER_ALL)
                .count();
    }

    private JsonNode admin(String method, String route, int expectedStatus) {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                    URI.create(e2e.backend.baseUrl() + "/admin/shops/" + EndToEnd.SHOP + route))
                    .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(expectedStatus, answer.statusCode(), answer.body());
            return EndToEnd.JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

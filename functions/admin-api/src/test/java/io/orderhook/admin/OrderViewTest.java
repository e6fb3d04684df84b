package io.orderhook.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.orderhook.ledger.LedgerEntry;
import io.orderhook.lifecycle.OrderState;
import io.orderhook.lifecycle.Reservation;
import io.orderhook.lifecycle.Step;
import io.orderhook.store.DebugLogStore;
import io.orderhook.store.NoteStore;

/** GET /admin/shops/{shopId}/orders/{orderId}: what orderhook recorded, as stored in DynamoDB. */
class OrderViewTest extends AdminApiTest {
    private static final Instant AT = Instant.parse("2024-05-02T10:15:30Z");

    @Test
    void anActivatedOrderShowsItsStateItsNotesWithDeliveryStatusAndItsDebugLog() {
        NoteStore.Note delivered = NoteStore.Note.create(AdminFixture.SHOP, "1001", AT,
                "Billmate reservation was successfully activated. Activation number: 9001.", NoteStore.Level.INFO,
                false, null, Map.of(), AT).deliveredAs("77");
        NoteStore.Note waiting = NoteStore.Note.create(AdminFixture.SHOP, "1001", AT.plusSeconds(1),
                "Billmate order was successfully refunded. Amount: 49.00 SEK.", NoteStore.Level.INFO, false, null, Map.of(),
                AT.plusSeconds(1)).retryAt(AT.plusSeconds(61), "shop answered 503");
        DebugLogStore.LogEntry call = DebugLogStore.entry(AdminFixture.SHOP, "1001", AT, 14, "shop-a/1001/activate/1714644930",
                "billmate.activatePayment", "{\"number\":\"12345\",\"hash\":\"abcdef\"}", "{\"number\":\"9001\",\"status\":\"Paid\"}",
                Duration.ofMillis(182), "done");
        OrderState state = new OrderState(AdminFixture.SHOP, "1001", Reservation.ACTIVATED, "12345", AT, "completed", "lines-hash",
                24_900, 24_900, "9001", Set.of("88", "89"), 6_900,
                io.orderhook.order.TaxSplit.of(new java.math.BigDecimal("25"), 3_920, 980), Set.of("89"), 1_000, null, null,
                Set.of(), Set.of(), null, null, null, 0);
        List<LedgerEntry> ledger = List.of(
                new LedgerEntry(AT, LedgerEntry.Operation.CAPTURE, 24_900, "SEK", LedgerEntry.Result.DONE, null, "9001",
                        "shop-a/1001/activate/1714644930", null, "Billmate", "Paid"),
                new LedgerEntry(AT.plusSeconds(60), LedgerEntry.Operation.REFUND, 5_900, "SEK", LedgerEntry.Result.DONE, null,
                        "9002", "shop-a/1001/credit/88", "88", "Billmate", null),
                new LedgerEntry(AT.plusSeconds(120), LedgerEntry.Operation.GATEWAY_REFUND, 1_000, "SEK",
                        LedgerEntry.Result.DONE, null, null, "shop-a/1001/credit/89", "89", "Billmate", null));
        admin.states.save(state, List.of(delivered, waiting), List.of(call), ledger);

        AdminFixture.Reply reply = admin.get("/admin/shops/shop-a/orders/1001");
        assertEquals("complete", reply.body().at("/paymentStatus/status").asText(), reply.body().toString());
        assertEquals("final", reply.body().at("/paymentStatus/group").asText());
        assertEquals(24_900, reply.body().at("/paymentStatus/captured").asLong());
        assertEquals(6_900, reply.body().at("/paymentStatus/refunded").asLong());
        assertEquals(List.of("capture", "refund", "gateway-refund"), reply.body().path("ledger").findValuesAsText("operation"));
        assertEquals("9002", reply.body().at("/ledger/1/reference").asText());
        assertEquals("88", reply.body().at("/ledger/1/refundId").asText());

        assertEquals(200, reply.status(), reply.body().toString());
        JsonNode view = reply.body();
        assertEquals("activated", view.at("/state/reservation").asText());
        assertEquals("12345", view.at("/state/paymentNumber").asText());
        assertEquals("9001", view.at("/state/activationNumber").asText());
        assertEquals(24_900, view.at("/state/activatedTotal").asLong());
        assertEquals(6_900, view.at("/state/creditedAmount").asLong());
        assertEquals("88", view.at("/state/creditedRefundIds/0").asText());
        assertEquals("89", view.at("/state/gatewayRefundIds/0").asText(), "paid back by the gateway");
        assertEquals(1_000, view.at("/state/undecidedCredit").asLong());
        assertEquals(24_900 - 6_900 - 1_000, view.at("/state/remainingToRefund").asLong());
        assertEquals(980, view.at("/state/creditedByRate/25/tax").asLong());
        assertTrue(view.at("/state/pending").isNull());
        assertEquals(1, view.at("/state/version").asLong());

        JsonNode notes = view.get("notes");
        assertEquals(2, notes.size());
        assertEquals(delivered.text(), notes.get(0).get("text").asText());
        assertEquals("delivered", notes.get(0).get("delivery").asText());
        assertEquals("77", notes.get(0).get("shopNoteId").asText());
        assertTrue(notes.get(0).get("nextAttemptAt").isNull(), "a delivered note has no next attempt");
        assertEquals("pending", notes.get(1).get("delivery").asText());
        assertEquals("shop answered 503", notes.get(1).get("lastError").asText());
        assertEquals(AT.plusSeconds(61).toString(), notes.get(1).get("nextAttemptAt").asText());
        assertEquals(1, notes.get(1).get("attempts").asInt());

        JsonNode log = view.get("debugLog");
        assertEquals(1, log.size());
        assertEquals("billmate.activatePayment", log.get(0).get("call").asText());
        assertEquals(182, log.get(0).get("durationMs").asLong());
        assertFalse(log.get(0).get("request").asText().contains("abcdef"), "the hash is redacted: " + log);
    }

    @Test
    void aStepWhoseOutcomeIsUnknownIsShownAsPending() {
        OrderState started = new OrderState(AdminFixture.SHOP, "1002", Reservation.RESERVED, "12346", AT, "processing", "h", 10_000, 0,
                null, Set.of(), 0, io.orderhook.order.TaxSplit.EMPTY, Set.of(), 0, null, null, Set.of(), Set.of(), null, null, AT.plus(java.time.Duration.ofDays(7)), 0)
                .withPending(new Step.Activate("shop-a/1002/activate/1714644930", 10_000, java.util.List.of()), AT).withOutcomeUnknown();
        admin.states.save(started);

        JsonNode pending = admin.get("/admin/shops/shop-a/orders/1002").body().at("/state/pending");

        assertEquals("activate", pending.get("step").asText());
        assertEquals("shop-a/1002/activate/1714644930", pending.get("key").asText());
        assertTrue(pending.get("outcomeUnknown").asBoolean());
        assertEquals(AT.toString(), pending.get("startedAt").asText());
        assertEquals(AT.plus(java.time.Duration.ofDays(7)).toString(),
                admin.get("/admin/shops/shop-a/orders/1002").body().at("/state/lapsesAt").asText());
    }

    @Test
    void anOrderWithNotesButNoStateIsStillShown() {
        admin.notes.record(List.of(NoteStore.Note.create(AdminFixture.SHOP, "1003", AT, "a note", NoteStore.Level.WARNING,
                false, "on-hold", Map.of(), AT)), List.of());

        AdminFixture.Reply reply = admin.get("/admin/shops/shop-a/orders/1003");

        assertEquals(200, reply.status());
        assertTrue(reply.body().get("state").isNull());
        assertEquals("warning", reply.body().at("/notes/0/level").asText());
        assertEquals("on-hold", reply.body().at("/notes/0/setStatus").asText());
    }

    @Test
    void anOrderOrderhookNeverSawIs404AndSaysWhereToLook() {
        AdminFixture.Reply reply = admin.get("/admin/shops/shop-a/orders/4242");

        reply.assertKind(404, "not-found");
        assertTrue(reply.reason().contains("order 4242 of shop shop-a"), reply.reason());
        assertTrue(reply.reason().contains("quarantine"), reply.reason());
    }

    @Test
    void anUnknownShopIs404UnknownShop() {
        AdminFixture.Reply reply = admin.get("/admin/shops/no-such-shop/orders/1001");

        reply.assertKind(404, "unknown-shop");
        assertTrue(reply.reason().contains("no-such-shop"), reply.reason());
    }

    @Test
    void anOrderIdThatIsNoOrderNumberIs400() {
        AdminFixture.Reply reply = admin.get("/admin/shops/shop-a/orders/12ab");

        reply.assertRefused(400, "'12ab' is not a WooCommerce order number");
    }
}

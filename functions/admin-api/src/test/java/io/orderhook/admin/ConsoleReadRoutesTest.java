package io.orderhook.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.orderhook.ledger.LedgerEntry;
import io.orderhook.ledger.PaymentTotals;
import io.orderhook.lifecycle.DeclineRetry;
import io.orderhook.lifecycle.OrderState;
import io.orderhook.lifecycle.Reservation;
import io.orderhook.lifecycle.Step;
import io.orderhook.store.NoteStore;
import io.orderhook.testkit.HttpApiEvent;

/**
 * The routes the console reads, over DynamoDB Local: the shop list with each shop's health, a
 * shop's orders (those needing someone first, search, filter) and an order's timeline.
 */
class ConsoleReadRoutesTest extends AdminApiTest {
    private static final Instant AT = Instant.parse("2024-05-02T10:15:30Z");

    private AdminFixture.Reply get(String path, String query) {
        var event = HttpApiEvent.request("GET", path, "GET /admin/{proxy+}").build();
        event.setRawQueryString(query);
        return AdminFixture.reply(admin.handler.handleRequest(event, null));
    }

    private void recordOrder(String orderId, Instant modified, Reservation reservation, List<LedgerEntry> ledger,
            DeclineRetry retry) {
        OrderState state = new OrderState(AdminFixture.SHOP, orderId, reservation, "n-" + orderId, modified, "processing", null,
                10_000, reservation == Reservation.ACTIVATED ? 10_000 : 0, null, Set.of(), 0, null, Set.of(),
                0, null, null, Set.of(), Set.of(), PaymentTotals.of(ledger), retry, null, 0);
        admin.states.save(state, List.of(), List.of(), ledger);
    }

    private static LedgerEntry capture(Instant at, LedgerEntry.Result result) {
        return new LedgerEntry(at, LedgerEntry.Operation.CAPTURE, 10_000, "SEK", result,
                result == LedgerEntry.Result.REFUSED ? "4103" : null, null, "shop-a/k", null, "Billmate", null);
    }

    @Test
    void theShopListShowsEveryShopWithItsHealth() {
        AdminFixture.Reply reply = get("/admin/shops", "");
        assertEquals(200, reply.status(), reply.body().toString());
        JsonNode shop = reply.body().at("/shops/0");
        assertEquals(AdminFixture.SHOP, shop.path("shopId").asText());
        assertEquals("not checked yet", shop.path("webhook").asText());
        assertEquals(0, shop.path("quarantined").asInt());
        assertTrue(shop.path("orderManagementEnabled").asBoolean());
        assertEquals(1, reply.body().path("shops").size());
    }

    @Test
    void ordersThatNeedSomeoneComeFirstThenTheMostRecentlyChanged() {
        recordOrder("101", AT, Reservation.ACTIVATED, List.of(capture(AT, LedgerEntry.Result.DONE)), null);
        recordOrder("102", AT.plusSeconds(60), Reservation.RESERVED, List.of(), null);
        recordOrder("103", AT.minusSeconds(600), Reservation.RESERVED, List.of(capture(AT, LedgerEntry.Result.REFUSED)),
                new DeclineRetry(Step.StepKind.ACTIVATE, "shop-a/103/activate", 2, AT.plusSeconds(3600), "on-hold", "processing"));

        AdminFixture.Reply all = get("/admin/shops/shop-a/orders", "");
        assertEquals(200, all.status(), all.body().toString());
        assertEquals(List.of("103", "102", "101"), all.body().path("orders").findValuesAsText("orderId"));
        assertTrue(all.body().at("/orders/0/problem").asText().contains("declined 2 time(s)"), all.body().toString());
        assertEquals("failed", all.body().at("/orders/0/paymentStatus/status").asText());
        assertTrue(all.body().at("/orders/1/problem").isNull());

        assertEquals(List.of("101"), get("/admin/shops/shop-a/orders", "paymentStatus=captured")
                .body().path("orders").findValuesAsText("orderId"));
        assertEquals(List.of("103"), get("/admin/shops/shop-a/orders", "paymentStatus=attention")
                .body().path("orders").findValuesAsText("orderId"));
        assertEquals(List.of("102"), get("/admin/shops/shop-a/orders", "orderId=102")
                .body().path("orders").findValuesAsText("orderId"));
        assertEquals(List.of("103"), get("/admin/shops/shop-a/orders", "limit=1").body().path("orders").findValuesAsText("orderId"));
    }

    @Test
    void anOrderListOfAnotherShopHoldsNoneOfThisShopsOrders() {
        recordOrder("101", AT, Reservation.RESERVED, List.of(), null);
        admin.shops.save(new io.orderhook.shop.ShopConfig("shop-a2", "https://b.example", "r", "k", "s",
                new io.orderhook.shop.ShopConfig.ProviderAccount("billmate", "1", "x", "https://api.billmate.se/", true),
                io.orderhook.shop.ShopSettings.defaults(), 1));
        AdminFixture.Reply other = get("/admin/shops/shop-a2/orders", "");
        assertEquals(0, other.body().path("orders").size(), other.body().toString());
    }

    @Test
    void aWrongFilterIsABadRequestNamingIt() {
        get("/admin/shops/shop-a/orders", "paymentStatus=paid").assertRefused(400, "paymentStatus 'paid' is none of");
        get("/admin/shops/shop-a/orders", "colour=red").assertRefused(400, "takes no 'colour'");
        get("/admin/shops/shop-a/orders", "limit=0").assertRefused(400, "limit must be a whole number from 1 to 500");
        get("/admin/shops/shop-a/orders", "orderId=1&orderId=2").assertRefused(400, "names 'orderId' twice");
        get("/admin/shops/no-shop/orders", "").assertKind(404, "unknown-shop");
    }

    @Test
    void theTimelineTellsEachDeliveryProviderCallAndNoteInTimeOrder() {
        admin.deliver("order.updated", AdminFixture.orderBody(1001, "2024-05-02T10:15:00", "completed"));
        Instant received = Instant.parse(admin.inboxItems("1001").get(0).get("receivedAt").s());
        NoteStore.Note note = NoteStore.Note.create(AdminFixture.SHOP, "1001", received.plusSeconds(2),
                "Billmate reservation was successfully activated.", NoteStore.Level.INFO, false, null, Map.of(), received.plusSeconds(2));
        OrderState state = OrderState.initial(AdminFixture.SHOP, "1001");
        admin.states.save(state, List.of(note), List.of(), List.of(capture(received.plusSeconds(1), LedgerEntry.Result.DONE)));

        AdminFixture.Reply reply = get("/admin/shops/shop-a/orders/1001/timeline", "");
        assertEquals(200, reply.status(), reply.body().toString());
        JsonNode events = reply.body().path("events");
        assertEquals(List.of("delivery", "provider", "note"), events.findValuesAsText("kind"));
        assertEquals("completed", events.at("/0/data/status").asText());
        assertEquals("webhook", events.at("/0/data/source").asText());
        assertEquals("capture", events.at("/1/data/operation").asText());
        assertEquals("pending", events.at("/2/data/delivery").asText());
        assertEquals("captured", reply.body().at("/paymentStatus/status").asText());
    }
}

package io.orderhook.endtoend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.orderhook.store.InboxItem;
import io.orderhook.testkit.woocommerce.DeliveredWebhook;
import io.orderhook.testkit.woocommerce.NewOrder;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Deleting an order on request: through the admin route of the running stack, the reservation
 * cancelled at the Billmate sandbox first, then a scan of the whole table finds nothing of the
 * order but its tombstone, also after late and duplicated deliveries.
 */
class OrderDeletionEndToEndTest {
    private final EndToEnd e2e = new EndToEnd();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void close() {
        e2e.close();
    }

    @Test
    void deletingCancelsTheOpenReservationOnceAndLeavesOnlyTheTombstone() throws Exception {
        e2e.settings(true, "completed");
        e2e.settings(current().withFraud(current().fraud().withEnabled(true)));
        String[] order = e2e.checkout(NewOrder.paidWith("bco").customerIp("198.51.100.7").product("MUG", "Mug", 2, "100.00"));
        List<DeliveredWebhook> earlier = e2e.shop.deliveries(order[0]);
        assertTrue(itemsOf(order[0]).size() > 5, "inbox, state, notes, debug log, ledger, screening: " + itemsOf(order[0]));

        HttpResponse<String> deleted = delete(order[0]);

        assertEquals(200, deleted.statusCode(), deleted.body());
        JsonNode answer = EndToEnd.JSON.readTree(deleted.body());
        assertTrue(answer.path("reservationCancelled").asBoolean(), deleted.body());
        assertEquals("Cancelled", e2e.paymentStatus(order[1]));
        assertEquals(1, e2e.sandbox.calls("cancelPayment", order[1]));
        assertOnlyTheTombstone(order[0]);

        e2e.shop.replay(earlier.get(earlier.size() - 1));
        e2e.shop.replay(earlier.get(0));
        e2e.shop.setStatus(order[0], "completed");
        e2e.settle();
        assertOnlyTheTombstone(order[0]);
        assertEquals(1, e2e.sandbox.calls("cancelPayment", order[1]), "a late delivery or a later save moves no money");
        assertEquals(0, e2e.sandbox.calls("activatePayment", order[1]));

        HttpResponse<String> again = delete(order[0]);
        assertEquals(200, again.statusCode(), again.body());
        assertEquals(0, EndToEnd.JSON.readTree(again.body()).path("items").asInt());
        assertOnlyTheTombstone(order[0]);
    }

    @Test
    void aReservationThatCannotBeCancelledNowStopsTheDeletion() throws Exception {
        String[] order = e2e.checkout(1);
        e2e.sandbox.inject("cancelPayment", 20, io.orderhook.testkit.billmate.SandboxFault.error("9999"));

        HttpResponse<String> refused = delete(order[0]);

        assertEquals(409, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("not-cancelled"), refused.body());
        assertEquals("Created", e2e.paymentStatus(order[1]));
        assertTrue(itemsOf(order[0]).stream().noneMatch(i -> i.containsKey("erasedAt")), "nothing deleted, no tombstone");
    }

    private void assertOnlyTheTombstone(String orderId) {
        List<Map<String, AttributeValue>> left = itemsOf(orderId);
        assertEquals(1, left.size(), left.toString());
        assertEquals(Set.of("PK", "SK", "type", "shopId", "orderId", "erasedAt"), new TreeSet<>(left.get(0).keySet()));
        assertEquals("TOMBSTONE", left.get(0).get("type").s());
    }

    /** Every item of the whole table that is about the order: its partition, and quarantined deliveries naming it. */
    private List<Map<String, AttributeValue>> itemsOf(String orderId) {
        String pk = InboxItem.partitionKey(EndToEnd.SHOP, orderId);
        return e2e.dynamo.scanPaginator(b -> b.tableName(e2e.table)).items().stream()
                .filter(i -> pk.equals(i.get("PK").s()) || i.get("PK").s().endsWith("#QUARANTINE")
                        && String.valueOf(i.get("body")).contains("\"id\":" + orderId))
                .toList();
    }

    private io.orderhook.shop.ShopSettings current() {
        return e2e.backend.shopConfigs().read(EndToEnd.SHOP).orElseThrow().settings();
    }

    private HttpResponse<String> delete(String orderId) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(e2e.backend.baseUrl() + "/admin/shops/" + EndToEnd.SHOP
                + "/orders/" + orderId)).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }
}

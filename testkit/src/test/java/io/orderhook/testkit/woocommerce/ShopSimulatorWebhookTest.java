package io.orderhook.testkit.woocommerce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class ShopSimulatorWebhookTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();
    private CapturingReceiver receiver;
    private ShopSimulator shop;

    @BeforeEach
    void start() throws Exception {
        receiver = new CapturingReceiver();
        shop = ShopSimulator.builder().swedishVat().webhooks(receiver.url(), "webhook-secret").build().start();
    }

    @AfterEach
    void stop() {
        shop.close();
        receiver.close();
    }

    private String newOrder() {
        String id = shop.createOrder(NewOrder.paidWith("bco").transactionId("555").product("A", "A", 2, "100.00"));
        shop.awaitDeliveries(WAIT);
        return id;
    }

    private static String hmac(byte[] body, String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(body));
    }

    @Test
    void aDeliveryCarriesWooCommerceHeadersAndASignatureOverTheExactBodyBytes() throws Exception {
        String id = newOrder();

        CapturingReceiver.Received created = receiver.received().get(0);
        assertEquals("order.created", created.header("X-WC-Webhook-Topic"));
        assertEquals("order", created.header("X-WC-Webhook-Resource"));
        assertEquals("created", created.header("X-WC-Webhook-Event"));
        assertEquals(shop.shopUrl() + "/", created.header("X-WC-Webhook-Source"));
        assertEquals(Long.toString(shop.webhookId("order.created")), created.header("X-WC-Webhook-ID"));
        assertTrue(created.header("X-WC-Webhook-Delivery-ID").matches("[0-9a-f]{32}"));
        assertTrue(created.header("User-Agent").matches("WooCommerce/[\\d.]+ Hookshot \\(WordPress/[\\d.]+\\)"));
        assertEquals("application/json", created.header("Content-Type"));
        assertEquals(hmac(created.body(), "webhook-secret"), created.header("X-WC-Webhook-Signature"));
        JsonNode body = JSON.readTree(created.body());
        assertEquals(id, body.get("id").asText());
        assertEquals("555", body.get("transaction_id").asText());
        assertTrue(new String(created.body(), StandardCharsets.US_ASCII).contains("\\/wp-json\\/"),
                "signed over WordPress's escaped text, so a re-serialised body would not verify");

        shop.trashOrder(id);
        shop.awaitDeliveries(WAIT);
        CapturingReceiver.Received deleted = receiver.received().get(1);
        assertEquals("order.deleted", deleted.header("X-WC-Webhook-Topic"));
        assertEquals("{\"id\":" + id + "}", new String(deleted.body(), StandardCharsets.UTF_8));
        if (id.equals("1001")) {
            // printf '%s' '{"id":1001}' | openssl dgst -sha256 -hmac webhook-secret -binary | base64
            assertEquals("XoVBVxblR3269mC5F5sebMNhQ/33fazyg3+2S6f2hXc=", deleted.header("X-WC-Webhook-Signature"));
        }
    }

    @Test
    void changesMadeWhileDeliveryIsPausedCoalesceIntoOneDeliveryBuiltAtSendTime() throws Exception {
        String id = newOrder();
        shop.pauseDeliveries();
        shop.setStatus(id, "on-hold");
        shop.editOrder(id, edit -> edit.setQuantity(shop.lineId(id, "A"), 1));
        shop.setStatus(id, "completed");
        assertEquals(1, receiver.received().size(), "nothing is sent while paused");
        assertThrows(IllegalStateException.class, () -> shop.awaitDeliveries(Duration.ofMillis(50)));

        shop.resumeDeliveries();
        shop.awaitDeliveries(WAIT);

        List<CapturingReceiver.Received> updates = receiver.received().subList(1, receiver.received().size());
        assertEquals(1, updates.size(), "three changes, one pending delivery for the order");
        JsonNode body = JSON.readTree(updates.get(0).body());
        assertEquals("order.updated", updates.get(0).header("X-WC-Webhook-Topic"));
        assertEquals("completed", body.get("status").asText(), "the body is the order when sent");
        assertEquals(1, body.at("/line_items/0/quantity").asInt());
        assertEquals("125.00", body.get("total").asText());
    }

    @Test
    void aDelayedDeliveryCarriesTheLatestStateOfQuickChanges() throws Exception {
        String id = newOrder();
        shop.setDeliveryDelay(Duration.ofMillis(300));
        shop.setStatus(id, "on-hold");
        shop.setStatus(id, "processing");
        shop.awaitDeliveries(WAIT);
        assertEquals(2, receiver.received().size());
        assertEquals("processing", JSON.readTree(receiver.received().get(1).body()).get("status").asText());
    }

    @Test
    void duplicatedDeliveriesSendTheSameSignedBytesAgain() throws Exception {
        String id = newOrder();
        shop.duplicateNextDeliveries(1, 9);
        shop.setStatus(id, "completed");
        shop.awaitDeliveries(WAIT);

        List<CapturingReceiver.Received> updates = receiver.received().subList(1, receiver.received().size());
        assertEquals(10, updates.size());
        for (CapturingReceiver.Received update : updates) {
            assertArrayEquals(updates.get(0).body(), update.body());
            assertEquals(hmac(update.body(), "webhook-secret"), update.header("X-WC-Webhook-Signature"));
        }
        shop.setStatus(id, "cancelled");
        shop.awaitDeliveries(WAIT);
        assertEquals(12, receiver.received().size(), "only the next delivery was duplicated");
    }

    @Test
    void aDroppedDeliveryIsRecordedButNeverSent() {
        String id = newOrder();
        shop.dropNextDeliveries(1);
        shop.setStatus(id, "completed");
        shop.awaitDeliveries(WAIT);
        assertEquals(1, receiver.received().size());
        List<DeliveredWebhook> deliveries = shop.deliveries(id);
        assertEquals(DeliveredWebhook.Outcome.DROPPED, deliveries.get(deliveries.size() - 1).outcome());
    }

    @Test
    void aRefundFiresOrderUpdatedAndANoteDoesNot() throws Exception {
        String id = newOrder();
        shop.addMerchantNote(id, "Customer called", false);
        shop.awaitDeliveries(WAIT);
        assertEquals(1, receiver.received().size());

        String refundId = shop.refund(id, RefundSpec.amount("50.00").reason("Goodwill"));
        shop.awaitDeliveries(WAIT);
        assertEquals(2, receiver.received().size());
        JsonNode body = JSON.readTree(receiver.received().get(1).body());
        assertEquals(refundId, body.at("/refunds/0/id").asText());
        assertEquals("-50.00", body.at("/refunds/0/total").asText());
        assertEquals("Goodwill", body.at("/refunds/0/reason").asText());
    }

    @Test
    void aLateReplayResendsAnEarlierBodyUnchanged() throws Exception {
        String id = newOrder();
        shop.setStatus(id, "on-hold");
        shop.awaitDeliveries(WAIT);
        DeliveredWebhook onHold = shop.deliveries(id).get(1);
        shop.setStatus(id, "completed");
        shop.awaitDeliveries(WAIT);

        DeliveredWebhook replayed = shop.replay(onHold);
        assertEquals(DeliveredWebhook.Outcome.DELIVERED, replayed.outcome());
        CapturingReceiver.Received last = receiver.received().get(receiver.received().size() - 1);
        assertArrayEquals(onHold.body(), last.body());
        assertEquals("on-hold", JSON.readTree(last.body()).get("status").asText());
    }

    @Test
    void aWebhookIsDisabledAtTheSeventhConsecutiveFailedDelivery() {
        String id = newOrder();
        receiver.answer(500);
        // WC_Webhook::failed_delivery checks failure_count > 5 before counting: six failures count up to 6.
        String[] statuses = {"on-hold", "processing", "on-hold", "processing", "on-hold", "processing"};
        for (String status : statuses) {
            shop.setStatus(id, status);
            shop.awaitDeliveries(WAIT);
        }
        assertEquals("active", shop.webhookStatus("order.updated"), "six failures are tolerated");
        assertEquals(6, shop.webhookFailures("order.updated"));

        shop.setStatus(id, "on-hold");
        shop.awaitDeliveries(WAIT);
        assertEquals("disabled", shop.webhookStatus("order.updated"));
        int sent = receiver.received().size();

        receiver.answer(200);
        shop.setStatus(id, "completed");
        shop.awaitDeliveries(WAIT);
        assertEquals(sent, receiver.received().size(), "a disabled webhook sends nothing");
        assertEquals(DeliveredWebhook.Outcome.FAILED, shop.deliveries(id).get(1).outcome());
        assertEquals(500, shop.deliveries(id).get(1).responseStatus());

        shop.activateWebhook("order.updated");
        assertEquals(6, shop.webhookFailures("order.updated"), "re-activating keeps the failure count, as in WooCommerce");
        shop.setStatus(id, "cancelled");
        shop.awaitDeliveries(WAIT);
        assertEquals(sent + 1, receiver.received().size());
        assertEquals(0, shop.webhookFailures("order.updated"), "a delivered webhook starts counting again");
    }

    @Test
    void aPingSendsTheWebhookIdFormEncodedWithoutSignature() {
        assertEquals(200, shop.ping("order.updated"));
        CapturingReceiver.Received ping = receiver.received().get(0);
        assertEquals("webhook_id=" + shop.webhookId("order.updated"), new String(ping.body(), StandardCharsets.UTF_8));
        assertEquals(null, ping.header("X-WC-Webhook-Signature"));
    }
}

package io.orderhook.testkit.woocommerce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** {@code /wp-json/wc/v3/webhooks} as WooCommerce answers it, and delivery to each webhook's own URL and secret. */
class ShopSimulatorWebhooksApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(5);
    private final HttpClient http = HttpClient.newHttpClient();
    private CapturingReceiver receiver;
    private ShopSimulator shop;

    @BeforeEach
    void start() throws Exception {
        receiver = new CapturingReceiver();
        shop = ShopSimulator.builder().restKey("ck_demo", "cs_demo").swedishVat().build().start();
    }

    @AfterEach
    void stop() {
        shop.close();
        receiver.close();
    }

    private record Reply(int status, JsonNode json, HttpResponse<String> response) {}

    private Reply call(String method, String path, String body) throws Exception {
        String url = ShopSimulatorRestApiTest.signed(method, shop.restUrl() + path, "ck_demo", "cs_demo");
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), JSON.readTree(response.body()), response);
    }

    private long create(String topic, String path, String secret) throws Exception {
        Reply created = call("POST", "webhooks", "{\"name\":\"" + topic + "\",\"topic\":\"" + topic + "\",\"delivery_url\":\""
                + receiver.url(path) + "\",\"secret\":\"" + secret + "\"}");
        assertEquals(201, created.status(), created.json().toString());
        return created.json().get("id").asLong();
    }

    @Test
    void creatingAWebhookAnswers201ActiveWithoutTheSecretAndPingsItsDeliveryUrl() throws Exception {
        Reply created = call("POST", "webhooks", "{\"name\":\"orderhook\",\"topic\":\"order.updated\",\"status\":\"paused\","
                + "\"delivery_url\":\"" + receiver.url("/hook") + "\",\"secret\":\"s3cret\"}");

        assertEquals(201, created.status());
        JsonNode webhook = created.json();
        long id = webhook.get("id").asLong();
        assertEquals("active", webhook.get("status").asText(), "a new webhook is active whatever the request says");
        assertEquals("order", webhook.get("resource").asText());
        assertEquals("updated", webhook.get("event").asText());
        assertEquals(List.of("woocommerce_update_order", "woocommerce_order_refunded"),
                JSON.convertValue(webhook.get("hooks"), List.class));
        assertFalse(webhook.has("secret"), "the secret is write-only");
        assertEquals(shop.restUrl() + "webhooks/" + id, created.response().headers().firstValue("Location").orElseThrow());
        CapturingReceiver.Received ping = receiver.received().get(0);
        assertEquals("webhook_id=" + id, new String(ping.body(), StandardCharsets.UTF_8));
        assertEquals(null, ping.header("X-WC-Webhook-Signature"));
        ShopWebhook stored = shop.webhooks().get(0);
        assertEquals("s3cret", stored.secret());
        assertFalse(stored.pendingDelivery(), "the ping was answered 200");
        assertEquals("wp_api_v3", stored.apiVersion());
    }

    @Test
    void eachWebhookDeliversToItsOwnUrlSignedWithItsOwnSecret() throws Exception {
        create("order.updated", "/first", "secret-one");
        create("order.updated", "/second", "secret-two");
        create("order.created", "/created", "secret-three");
        String id = shop.createOrder(NewOrder.paidWith("bco").product("A", "A", 1, "10.00"));
        shop.awaitDeliveries(WAIT);
        shop.setStatus(id, "completed");
        shop.awaitDeliveries(WAIT);

        List<CapturingReceiver.Received> deliveries = receiver.received().stream()
                .filter(r -> r.header("X-WC-Webhook-Topic") != null).toList();
        assertEquals(List.of("/created", "/first", "/second"), deliveries.stream().map(CapturingReceiver.Received::path).sorted().toList());
        for (CapturingReceiver.Received delivery : deliveries) {
            String secret = switch (delivery.path()) {
                case "/first" -> "secret-one";
                case "/second" -> "secret-two";
                default -> "secret-three";
            };
            assertEquals(hmac(delivery.body(), secret), delivery.header("X-WC-Webhook-Signature"), delivery.path());
        }
    }

    @Test
    void listingFiltersByStatusAndPagesWithWordPressHeaders() throws Exception {
        long a = create("order.created", "/a", "s");
        long b = create("order.updated", "/b", "s");
        long c = create("order.deleted", "/c", "s");
        assertEquals(200, call("PUT", "webhooks/" + b, "{\"status\":\"paused\"}").status());

        Reply paused = call("GET", "webhooks?status=paused", null);
        Reply page = call("GET", "webhooks?per_page=2&page=2&orderby=id&order=asc", null);

        assertEquals(1, paused.json().size());
        assertEquals(b, paused.json().get(0).get("id").asLong());
        assertEquals("3", page.response().headers().firstValue("X-WP-Total").orElseThrow());
        assertEquals("2", page.response().headers().firstValue("X-WP-TotalPages").orElseThrow());
        assertEquals(c, page.json().get(0).get("id").asLong());
        assertEquals(400, call("GET", "webhooks?per_page=101", null).status());
        assertTrue(a < b);
    }

    @Test
    void aPausedWebhookDropsEventsAndAnActiveOneDeliversAgain() throws Exception {
        long id = create("order.updated", "/hook", "s");
        String order = shop.createOrder(NewOrder.paidWith("bco").product("A", "A", 1, "10.00"));
        call("PUT", "webhooks/" + id, "{\"status\":\"paused\"}");
        shop.setStatus(order, "completed");
        shop.awaitDeliveries(WAIT);
        assertEquals(0, receiver.received().stream().filter(r -> r.header("X-WC-Webhook-Topic") != null).count());

        call("PUT", "webhooks/" + id, "{\"status\":\"active\"}");
        shop.setStatus(order, "on-hold");
        shop.awaitDeliveries(WAIT);
        assertEquals(1, receiver.received().stream().filter(r -> r.header("X-WC-Webhook-Topic") != null).count());
    }

    @Test
    void failuresCountUpAndTheSeventhDisablesTheWebhookWhichTheRestApiShows() throws Exception {
        long id = create("order.updated", "/hook", "s");
        receiver.answer(503);
        String order = shop.createOrder(NewOrder.paidWith("bco").product("A", "A", 1, "10.00"));
        for (int i = 0; i < 7; i++) {
            shop.setStatus(order, i % 2 == 0 ? "on-hold" : "processing");
            shop.awaitDeliveries(WAIT);
            if (i == 5) {
                assertEquals(6, shop.webhooks().get(0).failureCount());
                assertEquals("active", call("GET", "webhooks/" + id, null).json().get("status").asText());
            }
        }
        assertEquals("disabled", call("GET", "webhooks/" + id, null).json().get("status").asText());

        receiver.answer(200);
        assertEquals("active", call("PUT", "webhooks/" + id, "{\"status\":\"active\"}").json().get("status").asText());
        assertEquals(6, shop.webhooks().get(0).failureCount(), "re-activation keeps failure_count (not in the REST API)");
    }

    @Test
    void unknownIdsInvalidTopicsAndTrashingAreRefusedAsWooCommerceRefusesThem() throws Exception {
        long id = create("order.updated", "/hook", "s");

        assertEquals("woocommerce_rest_shop_webhook_invalid_id", code(call("GET", "webhooks/999", null), 400));
        assertEquals("woocommerce_rest_shop_webhook_invalid_id", code(call("PUT", "webhooks/0", "{}"), 400));
        assertEquals("woocommerce_rest_shop_webhook_invalid_id", code(call("DELETE", "webhooks/999?force=true", null), 404));
        assertEquals("woocommerce_rest_trash_not_supported", code(call("DELETE", "webhooks/" + id, null), 501));
        assertEquals("woocommerce_rest_shop_webhook_invalid_topic",
                code(call("POST", "webhooks", "{\"topic\":\"order.exploded\",\"delivery_url\":\"https://x.example/\"}"), 400));
        assertEquals("woocommerce_rest_shop_webhook_invalid_delivery_url",
                code(call("POST", "webhooks", "{\"topic\":\"order.restored\",\"delivery_url\":\"ftp://x.example/\"}"), 400));
        assertEquals("rest_invalid_param", code(call("PUT", "webhooks/" + id, "{\"status\":\"sleeping\"}"), 400));

        Reply deleted = call("DELETE", "webhooks/" + id + "?force=true", null);
        assertEquals(200, deleted.status());
        assertEquals(id, deleted.json().get("id").asLong());
        assertTrue(shop.webhooks().isEmpty());
    }

    private static String code(Reply reply, int status) {
        assertEquals(status, reply.status(), reply.json().toString());
        return reply.json().get("code").asText();
    }

    private static String hmac(byte[] body, String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return java.util.Base64.getEncoder().encodeToString(mac.doFinal(body));
    }
}

package io.orderhook.receiver;

import static io.orderhook.receiver.ReceiverFixture.DEMO_SECRET;
import static io.orderhook.receiver.ReceiverFixture.OTHER_SECRET;
import static io.orderhook.receiver.ReceiverFixture.delivery;
import static io.orderhook.receiver.ReceiverFixture.json;
import static io.orderhook.receiver.ReceiverFixture.order;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import io.orderhook.intake.IntakeLog;
import io.orderhook.intake.WebhookIntake;
import io.orderhook.secrets.EnvironmentSecretResolver;
import io.orderhook.shop.woocommerce.WebhookSignature;
import io.orderhook.store.InboxStore;
import io.orderhook.store.QuarantineStore;
import io.orderhook.store.ShopConfigStore;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

class WebhookReceiverHandlerTest {
    private final ReceiverFixture fixture = new ReceiverFixture();

    @Test
    void aPingIsAnsweredWithAnExact200AndNothingIsStored() {
        // WooCommerce's ping: form-encoded, no X-WC headers, no signature.
        APIGatewayV2HTTPEvent ping = ReceiverFixture.event("demo",
                Map.of("content-type", "application/x-www-form-urlencoded"), "webhook_id=12", true);

        APIGatewayV2HTTPResponse response = fixture.post(ping);

        assertEquals(200, response.getStatusCode());
        assertEquals("{\"status\":\"ping\"}", response.getBody());
        assertEquals(List.of(), fixture.storedDeliveries());
    }

    @Test
    void aSignedOrderUpdateIsStoredInTheInboxUnderItsOrderModificationTimeAndBodyHash() throws Exception {
        String body = order(1234, "completed", "2024-05-03T06:30:00");

        APIGatewayV2HTTPResponse response = fixture.post(delivery("demo", "order.updated", body, DEMO_SECRET));

        assertEquals(200, response.getStatusCode());
        assertEquals("{\"status\":\"accepted\"}", response.getBody());
        assertEquals("application/json", response.getHeaders().get("content-type"));
        List<Map<String, AttributeValue>> inbox = fixture.inboxItems();
        assertEquals(1, inbox.size());
        Map<String, AttributeValue> item = inbox.get(0);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
        assertEquals("SHOP#demo#ORDER#1234", item.get("PK").s());
        assertEquals("EVENT#2024-05-03T06:30:00#" + sha256, item.get("SK").s());
        assertEquals(body, item.get("body").s());
        assertNull(item.get("bodyGzip"));
        assertEquals("demo", item.get("shopId").s());
        assertEquals("1234", item.get("orderId").s());
        assertEquals("order.updated", item.get("topic").s());
        assertEquals("d41d8cd98f00b204e9800998ecf8427e", item.get("deliveryId").s());
        assertEquals("12", item.get("webhookId").s());
        assertEquals("2024-05-03T06:30:00", item.get("modifiedGmt").s());
        assertEquals(sha256, item.get("bodyHash").s());
        assertEquals("2024-05-03T06:30:01.250Z", item.get("receivedAt").s());
        assertEquals(Long.toString(fixture.clock.instant().plus(InboxStore.DEFAULT_RETENTION).getEpochSecond()),
                item.get("expiresAt").n());
    }

    @Test
    void theSameDeliveryTwiceIsADuplicateAndLeavesOneInboxItem() {
        APIGatewayV2HTTPEvent event = delivery("demo", "order.updated", order(1234, "completed", "2024-05-03T06:30:00"), DEMO_SECRET);

        assertEquals("{\"status\":\"accepted\"}", fixture.post(event).getBody());
        APIGatewayV2HTTPResponse again = fixture.post(event);

        assertEquals(200, again.getStatusCode());
        assertEquals("{\"status\":\"duplicate\"}", again.getBody());
        assertEquals(1, fixture.inboxItems().size());
    }

    @Test
    void aDifferentBodyWithTheSameModificationTimeIsANewInboxItem() {
        fixture.post(delivery("demo", "order.updated", order(1234, "processing", "2024-05-03T06:30:00"), DEMO_SECRET));
        APIGatewayV2HTTPResponse second = fixture.post(
                delivery("demo", "order.updated", order(1234, "completed", "2024-05-03T06:30:00"), DEMO_SECRET));

        assertEquals("{\"status\":\"accepted\"}", second.getBody());
        assertEquals(2, fixture.inboxItems().size());
    }

    @Test
    void theFirstBodyAgainAfterAnotherOfTheSameSecondIsAChangeBackAndANewInboxItem() {
        // The order is moved on and back within one second (the shop's times are whole seconds):
        // the third body is the first one again, and it is a change all the same.
        APIGatewayV2HTTPEvent processing = delivery("demo", "order.updated", order(1234, "processing", "2024-05-03T06:30:00"), DEMO_SECRET);
        fixture.post(processing);
        fixture.clock.advance(java.time.Duration.ofMillis(300));
        fixture.post(delivery("demo", "order.updated", order(1234, "on-hold", "2024-05-03T06:30:00"), DEMO_SECRET));
        fixture.clock.advance(java.time.Duration.ofMillis(300));

        APIGatewayV2HTTPResponse back = fixture.post(processing);
        fixture.clock.advance(java.time.Duration.ofMillis(300));
        APIGatewayV2HTTPResponse sentTwice = fixture.post(processing);

        assertEquals("{\"status\":\"accepted\"}", back.getBody());
        assertEquals("{\"status\":\"duplicate\"}", sentTwice.getBody(), "nothing came between: the same change sent twice");
        List<Map<String, AttributeValue>> inbox = fixture.inboxItems();
        assertEquals(3, inbox.size());
        assertEquals(2, inbox.stream().filter(i -> i.get("body").s().contains("\"processing\"")).count());
        assertTrue(inbox.stream().anyMatch(i -> i.get("SK").s().endsWith("#again-" + java.time.Instant.parse("2024-05-03T06:30:01.850Z").toEpochMilli())),
                inbox.toString());
    }

    static Stream<Arguments> unauthorizedDeliveries() {
        String body = order(1234, "completed", "2024-05-03T06:30:00");
        String otherBody = order(1234, "cancelled", "2024-05-03T06:30:00");
        Map<String, String> noSignature = new HashMap<>(delivery("demo", "order.updated", body, null).getHeaders());
        return Stream.of(
                Arguments.of("no signature header", ReceiverFixture.event("demo", noSignature, body, false), "missing"),
                Arguments.of("an empty signature header", withSignature(body, ""), "missing"),
                Arguments.of("a wrong signature", withSignature(body, "T9FSp2bybXWKPGPzl8vVZLp9GOgWVKMzudBhdEphtxo="), "does not match"),
                Arguments.of("the signature of another body", withSignature(body,
                        WebhookSignature.sign(otherBody.getBytes(StandardCharsets.UTF_8), DEMO_SECRET)), "does not match"),
                Arguments.of("shop other's signature posted to shop demo",
                        delivery("demo", "order.updated", body, OTHER_SECRET), "does not match"),
                Arguments.of("shop demo's signature posted to shop other",
                        delivery("other", "order.updated", body, DEMO_SECRET), "does not match"),
                Arguments.of("an unsigned body that looks like a ping but carries a topic",
                        ReceiverFixture.event("demo", Map.of("x-wc-webhook-topic", "order.updated"), "webhook_id=12", false), "missing"));
    }

    private static APIGatewayV2HTTPEvent withSignature(String body, String signature) {
        APIGatewayV2HTTPEvent event = delivery("demo", "order.updated", body, DEMO_SECRET);
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.put("x-wc-webhook-signature", signature);
        event.setHeaders(headers);
        return event;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unauthorizedDeliveries")
    void aDeliveryWithoutTheShopsSignatureIsRefusedWith401AndNothingIsStored(String what, APIGatewayV2HTTPEvent event,
                                                                             String reasonPart) {
        APIGatewayV2HTTPResponse response = fixture.post(event);

        assertEquals(401, response.getStatusCode(), what);
        assertEquals("unauthorized", json(response).get("status").asText());
        assertTrue(json(response).get("reason").asText().contains(reasonPart), response.getBody());
        assertEquals(List.of(), fixture.storedDeliveries(), what);
    }

    @ParameterizedTest
    @MethodSource("unknownShops")
    void aDeliveryForAShopOrderhookDoesNotKnowIsAnswered404AndNothingIsStored(String shopId) {
        APIGatewayV2HTTPResponse response = fixture.post(
                delivery(shopId, "order.updated", order(1, "completed", "2024-05-03T06:30:00"), DEMO_SECRET));

        assertEquals(404, response.getStatusCode());
        assertEquals("unknown-shop", json(response).get("status").asText());
        assertEquals(List.of(), fixture.storedDeliveries());
    }

    static Stream<String> unknownShops() {
        return Stream.of("nosuchshop", "demo#ORDER#1", "", "x".repeat(65));
    }

    @Test
    void aBodyOverOneMebibyteIsAnswered413AndNothingIsStored() {
        String body = paddedOrder(WebhookIntake.MAX_BODY_BYTES + 1);

        APIGatewayV2HTTPResponse response = fixture.post(delivery("demo", "order.updated", body, DEMO_SECRET));

        assertEquals(413, response.getStatusCode());
        assertEquals("too-large", json(response).get("status").asText());
        assertEquals(List.of(), fixture.storedDeliveries());
    }

    @Test
    void aBodyOfExactlyOneMebibyteIsAcceptedAndStoredCompressed() throws Exception {
        String body = paddedOrder(WebhookIntake.MAX_BODY_BYTES);

        APIGatewayV2HTTPResponse response = fixture.post(delivery("demo", "order.updated", body, DEMO_SECRET));

        assertEquals("{\"status\":\"accepted\"}", response.getBody());
        Map<String, AttributeValue> item = fixture.inboxItems().get(0);
        assertNull(item.get("body"));
        assertEquals(body, gunzip(item.get("bodyGzip").b().asByteArray()));
    }

    @Test
    void aThreeHundredLineOrderIsStoredGzippedAndReadsBackByteForByte() throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int i = 1; i <= 300; i++) {
            lines.append(i == 1 ? "" : ",").append("{\"id\":").append(1000 + i)
                    .append(",\"name\":\"Produkt nummer ").append(i).append(" \\u00e5\\u00e4\\u00f6\",\"product_id\":").append(i)
                    .append(",\"variation_id\":0,\"quantity\":").append(1 + i % 3)
                    .append(",\"tax_class\":\"\",\"subtotal\":\"80.00\",\"subtotal_tax\":\"20.00\",\"total\":\"80.00\",")
                    .append("\"total_tax\":\"20.00\",\"taxes\":[{\"id\":1,\"total\":\"20\",\"subtotal\":\"20\"}],")
                    .append("\"meta_data\":[{\"id\":").append(5000 + i).append(",\"key\":\"_reduced_stock\",\"value\":\"1\"}],")
                    .append("\"sku\":\"SKU-").append(i).append("\",\"price\":80,\"image\":{\"id\":\"\",\"src\":\"\"},\"parent_name\":null}");
        }
        String body = "{\"id\":77,\"status\":\"processing\",\"date_modified_gmt\":\"2024-05-03T06:30:00\",\"line_items\":["
                + lines + "]}";
        assertTrue(body.length() > InboxStore.INLINE_BODY_LIMIT, "the order is over the inline limit: " + body.length());

        assertEquals("{\"status\":\"accepted\"}",
                fixture.post(delivery("demo", "order.created", body, DEMO_SECRET)).getBody());

        Map<String, AttributeValue> item = fixture.inboxItems().get(0);
        assertNull(item.get("body"));
        assertEquals(body, gunzip(item.get("bodyGzip").b().asByteArray()));
        assertEquals(body, InboxStore.fromAttributes(item).body());
    }

    static Stream<Arguments> quarantinedDeliveries() {
        return Stream.of(
                Arguments.of("order.updated", "{\"id\":1234,\"status\":", "not valid JSON"),
                Arguments.of("order.updated", "<html>Maintenance</html>", "not valid JSON"),
                Arguments.of("order.updated", "[{\"id\":1234}]", "not a JSON object"),
                Arguments.of("order.updated", "{\"status\":\"completed\"}", "no positive integer \"id\""),
                Arguments.of("order.updated", "{\"id\":1234,\"status\":\"completed\"}", "no \"date_modified_gmt\""),
                Arguments.of("order.exploded", order(1234, "completed", "2024-05-03T06:30:00"), "unknown topic 'order.exploded'"),
                Arguments.of("action.woocommerce_add_to_cart", "\"abc\"", "unknown topic"),
                Arguments.of("", order(1234, "completed", "2024-05-03T06:30:00"), "no X-WC-Webhook-Topic"));
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("quarantinedDeliveries")
    void aSignedDeliveryWeCannotTakeInIsQuarantinedWithItsRawBodyAndAnswered202(String topic, String body, String reason) {
        APIGatewayV2HTTPResponse response = fixture.post(delivery("demo", topic, body, DEMO_SECRET));

        assertEquals(202, response.getStatusCode());
        assertEquals("quarantined", json(response).get("status").asText());
        assertTrue(json(response).get("reason").asText().contains(reason), response.getBody());
        assertEquals(List.of(), fixture.inboxItems());
        List<Map<String, AttributeValue>> quarantined = fixture.quarantineItems();
        assertEquals(1, quarantined.size());
        Map<String, AttributeValue> item = quarantined.get(0);
        assertEquals("SHOP#demo#QUARANTINE", item.get("PK").s());
        assertEquals("2024-05-03T06:30:01.250Z#d41d8cd98f00b204e9800998ecf8427e", item.get("SK").s());
        assertEquals(body, item.get("body").s());
        assertEquals(json(response).get("reason").asText(), item.get("reason").s());
        Map<String, AttributeValue> headers = item.get("headers").m();
        assertEquals("12", headers.get("x-wc-webhook-id").s());
        assertFalse(headers.containsKey("x-wc-webhook-signature"), "the signature is not kept");
    }

    @Test
    void aSignedWebhookAboutProductsIsIgnoredWith200AndNotStored() {
        APIGatewayV2HTTPResponse response = fixture.post(
                delivery("demo", "product.updated", "{\"id\":88,\"name\":\"Ullmössa\"}", DEMO_SECRET));

        assertEquals(200, response.getStatusCode());
        assertEquals("{\"status\":\"ignored\"}", response.getBody());
        assertEquals(List.of(), fixture.storedDeliveries());
    }

    @Test
    void anOrderDeletedBodyCarryingOnlyTheIdIsAcceptedUnderTheReceiveTime() {
        APIGatewayV2HTTPResponse response = fixture.post(delivery("demo", "order.deleted", "{\"id\":1234}", DEMO_SECRET));

        assertEquals("{\"status\":\"accepted\"}", response.getBody());
        Map<String, AttributeValue> item = fixture.inboxItems().get(0);
        assertEquals("SHOP#demo#ORDER#1234", item.get("PK").s());
        assertEquals("order.deleted", item.get("topic").s());
        assertEquals("2024-05-03T06:30:01", item.get("modifiedGmt").s());
    }

    @Test
    void aBase64EncodedBodyIsVerifiedAndStoredAsTheDecodedBytes() {
        String body = order(1234, "on-hold", "2024-05-02T11:10:05").replace("\"status\"", "\"note\":\"Åsa's köp\",\"status\"");
        Map<String, String> headers = new HashMap<>(delivery("demo", "order.updated", body, DEMO_SECRET).getHeaders());

        APIGatewayV2HTTPResponse response = fixture.post(ReceiverFixture.event("demo", headers, body, true));

        assertEquals("{\"status\":\"accepted\"}", response.getBody());
        assertEquals(body, fixture.inboxItems().get(0).get("body").s());
    }

    @Test
    void headerNamesAreMatchedWhateverTheirCase() {
        String body = order(1234, "completed", "2024-05-03T06:30:00");
        Map<String, String> headers = Map.of(
                "X-WC-Webhook-Topic", "order.updated",
                "X-WC-Webhook-Signature", WebhookSignature.sign(body.getBytes(StandardCharsets.UTF_8), DEMO_SECRET),
                "X-Wc-Webhook-Delivery-Id", "abc");

        APIGatewayV2HTTPResponse response = fixture.post(ReceiverFixture.event("demo", headers, body, false));

        assertEquals("{\"status\":\"accepted\"}", response.getBody());
        assertEquals("abc", fixture.inboxItems().get(0).get("deliveryId").s());
    }

    @Test
    void theLogHasOneJsonLinePerDeliveryAndNeverTheSecretTheSignatureOrTheBody() {
        String body = order(1234, "completed", "2024-05-03T06:30:00");
        APIGatewayV2HTTPEvent signed = delivery("demo", "order.updated", body, DEMO_SECRET);
        fixture.post(signed);
        fixture.post(signed);
        fixture.post(delivery("demo", "order.updated", "{\"id\":", DEMO_SECRET));
        fixture.post(delivery("demo", "order.updated", body, OTHER_SECRET));

        assertEquals(4, fixture.logLines.size());
        assertEquals(List.of("accepted", "duplicate", "quarantined", "unauthorized"),
                fixture.logLines.stream().map(line -> ReceiverFixture.jsonText(line).get("outcome").asText()).toList());
        for (String line : fixture.logLines) {
            assertEquals("demo", ReceiverFixture.jsonText(line).get("shop").asText());
            assertFalse(line.contains(DEMO_SECRET) || line.contains(OTHER_SECRET), line);
            assertFalse(line.contains(signed.getHeaders().get("x-wc-webhook-signature")), line);
            assertFalse(line.contains("12345678") || line.contains("transaction_id"), line);
        }
    }

    @Test
    void whenDynamoDbRefusesTheWriteTheAnswerIs503AndSaysNothingWasStored() {
        // DynamoDB Local cannot be made to fail on demand; an SDK interceptor plays the outage.
        ExecutionInterceptor outage = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                if (context.request() instanceof PutItemRequest) {
                    throw SdkClientException.create("Unable to execute HTTP request: Connection refused");
                }
            }
        };
        DynamoDbClient failing = fixture.testDynamo.client(outage);
        ShopConfigStore shops = new ShopConfigStore(failing, fixture.table);
        WebhookReceiverHandler handler = new WebhookReceiverHandler(new WebhookIntake(shops,
                new EnvironmentSecretResolver(Map.of(
                        EnvironmentSecretResolver.variableName("orderhook/shops/demo#webhook"), DEMO_SECRET)),
                new InboxStore(failing, fixture.table), new QuarantineStore(failing, fixture.table),
                fixture.clock, new IntakeLog(line -> { })));

        APIGatewayV2HTTPResponse response = handler.handleRequest(
                delivery("demo", "order.updated", order(1234, "completed", "2024-05-03T06:30:00"), DEMO_SECRET), null);

        assertEquals(503, response.getStatusCode());
        assertTrue(json(response).get("reason").asText().contains("not stored"), response.getBody());
        assertEquals(List.of(), fixture.storedDeliveries());
    }

    private static String paddedOrder(int size) {
        String head = "{\"id\":1234,\"date_modified_gmt\":\"2024-05-03T06:30:00\",\"customer_note\":\"";
        String tail = "\"}";
        return head + "x".repeat(size - head.length() - tail.length()) + tail;
    }

    private static String gunzip(byte[] gzip) throws Exception {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theOneByteChangedBodyOfAValidDeliveryIsRefused() {
        String body = order(1234, "completed", "2024-05-03T06:30:00");
        APIGatewayV2HTTPEvent event = delivery("demo", "order.updated", body, DEMO_SECRET);
        event.setBody(body.replace("537.00", "537.01"));

        assertEquals(401, fixture.post(event).getStatusCode());
        assertArrayEquals(new Object[0], fixture.storedDeliveries().toArray());
    }
}

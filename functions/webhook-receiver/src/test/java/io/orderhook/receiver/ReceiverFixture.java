package io.orderhook.receiver;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;

import io.orderhook.intake.IntakeLog;
import io.orderhook.intake.WebhookIntake;
import io.orderhook.json.Json;
import io.orderhook.secrets.CachingSecretResolver;
import io.orderhook.secrets.EnvironmentSecretResolver;
import io.orderhook.shop.ShopConfig;
import io.orderhook.shop.ShopSettings;
import io.orderhook.shop.woocommerce.WebhookSignature;
import io.orderhook.store.InboxStore;
import io.orderhook.store.QuarantineStore;
import io.orderhook.store.ShopConfigStore;
import io.orderhook.store.TableDefinition;
import io.orderhook.testkit.HttpApiEvent;
import io.orderhook.testkit.TestClock;
import io.orderhook.testkit.TestDynamo;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * One fresh table with two shops ({@code demo} and {@code other}, each with its own webhook
 * secret), and the real handler on top of it. The log lines are captured so tests can check
 * what would reach CloudWatch.
 */
final class ReceiverFixture {
    static final String DEMO_SECRET = "demo-webhook-secret";
    static final String ROUTE = "POST /webhooks/woocommerce/{shopId}";
    static final String OTHER_SECRET = "other-shop-secret";
    /** The shops' other secrets: the receiver can resolve them but must never show them. */
    static final List<String> OTHER_SECRETS = List.of("ck_2f1c0e9b8a7d6c5b4a39281706f5e4d3c2b1a09f",
            "cs_9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d", "billmate-secret-7F3kQ9xZ");

    final TestDynamo testDynamo = TestDynamo.get();
    final DynamoDbClient dynamo = testDynamo.client();
    final String table = testDynamo.newTable("receiver", TableDefinition::create);
    final List<String> logLines = new CopyOnWriteArrayList<>();
    final TestClock clock = TestClock.at("2024-05-03T06:30:01.250Z");
    final ShopConfigStore shops = new ShopConfigStore(dynamo, table);
    final WebhookReceiverHandler handler;

    ReceiverFixture() {
        shops.save(shop("demo", "orderhook/shops/demo#webhook"));
        shops.save(shop("other", "orderhook/shops/other#webhook"));
        var secrets = new CachingSecretResolver(new EnvironmentSecretResolver(Map.of(
                EnvironmentSecretResolver.variableName("orderhook/shops/demo#webhook"), DEMO_SECRET,
                EnvironmentSecretResolver.variableName("orderhook/shops/other#webhook"), OTHER_SECRET,
                EnvironmentSecretResolver.variableName("orderhook/shops/demo#restKey"), OTHER_SECRETS.get(0),
                EnvironmentSecretResolver.variableName("orderhook/shops/demo#restSecret"), OTHER_SECRETS.get(1),
                EnvironmentSecretResolver.variableName("orderhook/shops/demo#billmate"), OTHER_SECRETS.get(2))));
        handler = new WebhookReceiverHandler(new WebhookIntake(shops, secrets, new InboxStore(dynamo, table),
                new QuarantineStore(dynamo, table), clock, new IntakeLog(logLines::add)));
    }

    static ShopConfig shop(String shopId, String webhookSecretRef) {
        return new ShopConfig(shopId, "https://" + shopId + ".example", webhookSecretRef,
                "orderhook/shops/" + shopId + "#restKey", "orderhook/shops/" + shopId + "#restSecret",
                new ShopConfig.ProviderAccount("billmate", "12345", "orderhook/shops/" + shopId + "#billmate",
                        "https://api.billmate.se/", true),
                ShopSettings.defaults(), 1);
    }

    APIGatewayV2HTTPResponse post(APIGatewayV2HTTPEvent event) {
        return handler.handleRequest(event, null);
    }

    /** A delivery as WooCommerce sends it: signed with {@code secret}, topic header set. */
    static APIGatewayV2HTTPEvent delivery(String shopId, String topic, String body, String secret) {
        Map<String, String> headers = new HashMap<>();
        headers.put("content-type", "application/json");
        headers.put("x-wc-webhook-topic", topic);
        headers.put("x-wc-webhook-delivery-id", "d41d8cd98f00b204e9800998ecf8427e");
        headers.put("x-wc-webhook-id", "12");
        if (secret != null) {
            headers.put("x-wc-webhook-signature", WebhookSignature.sign(body.getBytes(StandardCharsets.UTF_8), secret));
        }
        return event(shopId, headers, body, false);
    }

    static APIGatewayV2HTTPEvent event(String shopId, Map<String, String> headers, String body, boolean base64) {
        return HttpApiEvent.builder().routeKey(ROUTE).rawPath("/webhooks/woocommerce/" + shopId)
                .pathParameter("shopId", shopId).headers(headers).body(body, base64).build();
    }

    static String order(long id, String status, String modifiedGmt) {
        return "{\"id\":" + id + ",\"status\":\"" + status + "\",\"payment_method\":\"bco\",\"transaction_id\":\"12345678\","
                + "\"date_modified_gmt\":\"" + modifiedGmt + "\",\"total\":\"537.00\",\"line_items\":[]}";
    }

    static JsonNode json(APIGatewayV2HTTPResponse response) {
        try {
            return Json.MAPPER.readTree(response.getBody());
        } catch (Exception e) {
            throw new AssertionError("response body is not JSON: " + response.getBody(), e);
        }
    }

    static JsonNode jsonText(String line) {
        try {
            return Json.MAPPER.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not a JSON line: " + line, e);
        }
    }

    /** Every item in the table except the shop configurations and the shop directory. */
    List<Map<String, AttributeValue>> storedDeliveries() {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = dynamo.scan(b -> b.tableName(table).consistentRead(true).exclusiveStartKey(from));
            page.items().stream()
                    .filter(item -> !item.get(TableDefinition.SK).s().equals(ShopConfigStore.SK_CONFIG)
                            && !item.get(TableDefinition.PK).s().equals(ShopConfigStore.DIRECTORY_PK))
                    .forEach(items::add);
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }

    List<Map<String, AttributeValue>> inboxItems() {
        return storedDeliveries().stream().filter(i -> "INBOX".equals(i.get("type").s())).toList();
    }

    List<Map<String, AttributeValue>> quarantineItems() {
        return storedDeliveries().stream().filter(i -> "QUARANTINE".equals(i.get("type").s())).toList();
    }
}

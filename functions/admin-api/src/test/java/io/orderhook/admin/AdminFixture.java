package io.orderhook.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;

import io.orderhook.intake.IntakeLog;
import io.orderhook.intake.IntakeOutcome;
import io.orderhook.intake.WebhookDelivery;
import io.orderhook.intake.WebhookIntake;
import io.orderhook.json.Json;
import io.orderhook.secrets.FileSecretResolver;
import io.orderhook.shop.ShopConfig;
import io.orderhook.shop.ShopSettings;
import io.orderhook.shop.woocommerce.WebhookSignature;
import io.orderhook.store.DebugLogStore;
import io.orderhook.store.InboxItem;
import io.orderhook.store.NoteStore;
import io.orderhook.store.OrderStateStore;
import io.orderhook.store.QuarantineStore;
import io.orderhook.store.ShopConfigStore;
import io.orderhook.wiring.Wiring;
import io.orderhook.store.TableDefinition;
import io.orderhook.testkit.DynamoDbLocal;
import io.orderhook.testkit.HttpApiEvent;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * The admin API as Lambda runs it (the handler over an API Gateway v2 event) on a fresh table
 * in DynamoDB Local, with one configured shop whose secrets live in a properties file the test
 * can edit, and the real receiver intake on the same table to quarantine deliveries.
 */
final class AdminFixture {
    static final String SHOP = "shop-a";
    static final String WEBHOOK_SECRET = "whsec-shop-a";
    static final String SECRET_REF = "orderhook/shops/shop-a#webhookSecret";

    /** An answer of the admin API: HTTP status and the parsed JSON body. */
    record Reply(int status, JsonNode body) {
        String reason() {
            return body.path("reason").asText();
        }

        /** This status, and a reason that names {@code reasonPart}. */
        void assertRefused(int expectedStatus, String reasonPart) {
            assertEquals(expectedStatus, status);
            assertTrue(reason().contains(reasonPart), reason());
        }

        /** This status, of this kind ({@code "status"} in the body: "unknown-shop", "not-found"...). */
        void assertKind(int expectedStatus, String kind) {
            assertEquals(expectedStatus, status);
            assertEquals(kind, body.get("status").asText());
        }
    }

    final DynamoDbClient dynamo;
    final String table;
    final Path secretsFile;
    final ShopConfigStore shops;
    final OrderStateStore states;
    final NoteStore notes;
    final DebugLogStore logs;
    final QuarantineStore quarantine;
    final WebhookIntake intake;
    final Wiring wiring;
    final AdminApiHandler handler;

    AdminFixture(Path directory) {
        dynamo = DynamoDbLocal.shared().client();
        table = DynamoDbLocal.shared().newTable("admin", TableDefinition::create);
        secretsFile = directory.resolve("secrets.properties");
        storeWebhookSecret(true);
        // No cache in front of the file: the tests fix a missing secret and replay at once.
        FileSecretResolver secrets = new FileSecretResolver(secretsFile);
        wiring = Wiring.builder(dynamo, table, secrets).configCache(Duration.ZERO).intakeLog(IntakeLog.stdout()).build();
        // As the admin API reads them: settings fresh.
        shops = wiring.freshShopConfigs();
        states = wiring.states();
        notes = wiring.notes();
        logs = wiring.logs();
        quarantine = wiring.quarantine();
        intake = wiring.webhookIntake();
        handler = new AdminApiHandler(new AdminApi(wiring));
        shops.save(new ShopConfig(SHOP, "https://shop-a.example", SECRET_REF, "orderhook/shops/shop-a#restKey",
                "orderhook/shops/shop-a#restSecret",
                new ShopConfig.ProviderAccount("billmate", "1234", "orderhook/shops/shop-a#billmateSecret",
                        "https://api.billmate.se/", true),
                ShopSettings.defaults(), 1));
    }

    /** Writes (or, with {@code present} false, leaves out) the shop's webhook secret in the secrets file. */
    void storeWebhookSecret(boolean present) {
        String text = present ? SECRET_REF.replace(":", "\\:") + "=" + WEBHOOK_SECRET + "\n" : "# no webhook secret yet\n";
        try {
            Files.writeString(secretsFile, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A request as API Gateway's HTTP API passes it (payload 2.0), here with a Base64 body as local mode sends it. */
    Reply call(String method, String path, String body) {
        HttpApiEvent event = HttpApiEvent.request(method, path, method + " /admin/{proxy+}");
        if (body != null) {
            event.base64Body(body);
        }
        return reply(handler.handleRequest(event.build(), null));
    }

    /** The handler's answer: its status and its JSON body. */
    static Reply reply(APIGatewayV2HTTPResponse response) {
        try {
            return new Reply(response.getStatusCode(), Json.MAPPER.readTree(response.getBody()));
        } catch (IOException e) {
            throw new AssertionError("the admin API answered something that is not JSON: " + response.getBody(), e);
        }
    }

    Reply get(String path) {
        return call("GET", path, null);
    }

    /** A delivery as WooCommerce sends it, signed with the shop's real secret, through the receiver's intake. */
    IntakeOutcome deliver(String topic, String body) {
        byte[] raw = body.getBytes(StandardCharsets.UTF_8);
        return intake.receive(new WebhookDelivery(SHOP, Map.of(
                "content-type", "application/json",
                "x-wc-webhook-topic", topic,
                "x-wc-webhook-delivery-id", "d-" + Math.abs(body.hashCode()),
                "x-wc-webhook-id", "7",
                "x-wc-webhook-signature", WebhookSignature.sign(raw, WEBHOOK_SECRET)), raw));
    }

    /** The order's inbox items as stored in DynamoDB. */
    List<Map<String, AttributeValue>> inboxItems(String orderId) {
        return dynamo.query(QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("#pk = :pk AND begins_with(#sk, :event)")
                .expressionAttributeNames(Map.of("#pk", TableDefinition.PK, "#sk", TableDefinition.SK))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(InboxItem.partitionKey(SHOP, orderId)),
                        ":event", AttributeValue.fromS(InboxItem.SK_PREFIX)))
                .build()).items();
    }

    static String orderBody(long id, String modifiedGmt, String status) {
        return "{\"id\":" + id + ",\"status\":\"" + status + "\",\"date_modified_gmt\":\"" + modifiedGmt
                + "\",\"payment_method\":\"bco\",\"transaction_id\":\"12345\",\"total\":\"249.00\"}";
    }
}

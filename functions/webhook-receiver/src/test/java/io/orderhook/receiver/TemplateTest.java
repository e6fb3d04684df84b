package io.orderhook.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.orderhook.store.TableDefinition;
import io.orderhook.testkit.TemplateFile;
import io.orderhook.testkit.TestDynamo;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/** template.yaml declares for AWS what tests and local mode create with TableDefinition. */
class TemplateTest {
    private final JsonNode template = TemplateFile.read();

    @Test
    void theTableInTheTemplateIsTheTableTableDefinitionCreates() {
        JsonNode table = template.at("/Resources/OrderhookTable/Properties");
        TestDynamo dynamo = TestDynamo.get();
        String name = dynamo.newTable("template", TableDefinition::create);
        TableDescription created;
        try (DynamoDbClient client = dynamo.client()) {
            created = client.describeTable(b -> b.tableName(name)).table();
            assertEquals(TableDefinition.TTL, client.describeTimeToLive(b -> b.tableName(name))
                    .timeToLiveDescription().attributeName());
        }

        assertEquals(sorted(created.attributeDefinitions().stream()
                        .map(a -> a.attributeName() + ":" + a.attributeTypeAsString()).toList()),
                sorted(list(table.get("AttributeDefinitions"), a -> a.get("AttributeName").asText() + ":" + a.get("AttributeType").asText())));
        assertEquals(created.keySchema().stream().map(k -> k.attributeName() + ":" + k.keyTypeAsString()).toList(),
                list(table.get("KeySchema"), k -> k.get("AttributeName").asText() + ":" + k.get("KeyType").asText()));
        assertEquals(Set.of(TableDefinition.OUTBOX_INDEX, TableDefinition.DUE_INDEX, TableDefinition.EXPIRY_INDEX), Set.copyOf(list(
                table.get("GlobalSecondaryIndexes"), g -> g.get("IndexName").asText())));
        assertEquals(created.globalSecondaryIndexes().size(), table.get("GlobalSecondaryIndexes").size());
        for (var gsi : created.globalSecondaryIndexes()) {
            JsonNode declaredGsi = null;
            for (JsonNode g : table.get("GlobalSecondaryIndexes")) {
                if (g.get("IndexName").asText().equals(gsi.indexName())) {
                    declaredGsi = g;
                }
            }
            assertTrue(declaredGsi != null, "template.yaml declares index " + gsi.indexName());
            assertEquals(gsi.keySchema().stream().map(k -> k.attributeName() + ":" + k.keyTypeAsString()).toList(),
                    list(declaredGsi.get("KeySchema"), k -> k.get("AttributeName").asText() + ":" + k.get("KeyType").asText()));
            assertEquals(gsi.projection().projectionTypeAsString(), declaredGsi.at("/Projection/ProjectionType").asText());
        }
        assertEquals(created.streamSpecification().streamViewTypeAsString(), table.at("/StreamSpecification/StreamViewType").asText());
        assertEquals(TableDefinition.TTL, table.at("/TimeToLiveSpecification/AttributeName").asText());
        assertTrue(table.at("/TimeToLiveSpecification/Enabled").asBoolean());
        assertTrue(table.at("/PointInTimeRecoverySpecification/PointInTimeRecoveryEnabled").asBoolean());
        assertEquals("PAY_PER_REQUEST", table.get("BillingMode").asText());
    }

    @Test
    void theReceiverRunsTheShadedJarOnJava21Arm64WithSnapStartAndC1Only() {
        JsonNode globals = template.at("/Globals/Function");
        assertEquals("java21", globals.get("Runtime").asText());
        assertEquals("arm64", globals.get("Architectures").get(0).asText());
        assertEquals("PublishedVersions", globals.at("/SnapStart/ApplyOn").asText());
        assertTrue(globals.hasNonNull("AutoPublishAlias"));
        assertEquals("-XX:+TieredCompilation -XX:TieredStopAtLevel=1",
                globals.at("/Environment/Variables/JAVA_TOOL_OPTIONS").asText());

        JsonNode receiver = TemplateFile.function(template, "WebhookReceiverFunction", WebhookReceiverHandler.class.getName());
        JsonNode route = receiver.at("/Events/WooCommerceWebhook/Properties");
        assertEquals("POST", route.get("Method").asText());
        assertEquals("/webhooks/woocommerce/{shopId}", route.get("Path").asText());
        assertTrue(receiver.at("/LoggingConfig").has("LogGroup"), "its own log group, with retention");
        assertTrue(template.at("/Resources/WebhookReceiverLogGroup/Properties").has("RetentionInDays"));
    }

    @Test
    void theReceiverMayOnlyPutAndGetItemsAndReadShopSecrets() {
        Set<String> actions = new TreeSet<>();
        for (JsonNode policy : template.at("/Resources/WebhookReceiverFunction/Properties/Policies")) {
            for (JsonNode statement : policy.get("Statement")) {
                JsonNode action = statement.get("Action");
                if (action.isArray()) {
                    action.forEach(a -> actions.add(a.asText()));
                } else {
                    actions.add(action.asText());
                }
            }
        }
        assertEquals(Set.of("dynamodb:GetItem", "dynamodb:PutItem", "secretsmanager:GetSecretValue"), actions);
    }

    private static List<String> sorted(List<String> values) {
        List<String> copy = new ArrayList<>(values);
        copy.sort(null);
        return copy;
    }

    private static List<String> list(JsonNode array, java.util.function.Function<JsonNode, String> f) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(f.apply(n)));
        return out;
    }
}

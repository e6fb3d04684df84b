package io.orderhook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

import io.orderhook.store.InboxItem;
import io.orderhook.store.TableDefinition;
import io.orderhook.testkit.DynamoDbLocal;
import io.orderhook.testkit.EventFiles;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class LocalReceiverTest {

    @Test
    void aSignedSampleEventPostedOverHttpLandsInTheLocalInbox(@TempDir Path data) throws Exception {
        // Local mode uses its own DynamoDB Local with the fixed table name, as ./orderhook local does.
        try (DynamoDbLocal dynamoLocal = DynamoDbLocal.start(null);
             DynamoDbClient dynamo = dynamoLocal.client()) {
            Path secrets = data.resolve("secrets.properties");
            LocalMode.prepare(dynamo, secrets);
            try (LocalReceiver receiver = LocalReceiver.start("127.0.0.1", 0, LocalMode.receiver(dynamo, secrets))) {
                APIGatewayV2HTTPEvent sample = EventFiles.read(EventFiles.eventsDirectory().resolve("order.updated.completed.json"));
                HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + receiver.port() + "/webhooks/woocommerce/demo"))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(EventFiles.body(sample)));
                sample.getHeaders().forEach((name, value) -> {
                    if (name.startsWith("x-wc-") || name.equals("content-type")) {
                        request.header(name, value);
                    }
                });

                HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());

                assertEquals(200, response.statusCode());
                assertEquals("{\"status\":\"accepted\"}", response.body());
                var items = dynamo.query(b -> b.tableName(LocalMode.TABLE).keyConditionExpression("PK = :pk")
                        .expressionAttributeValues(java.util.Map.of(":pk", AttributeValue.fromS(InboxItem.partitionKey("demo", "1234")))))
                        .items();
                assertEquals(1, items.size());
                assertEquals("order.updated", items.get(0).get(InboxItem.ATTR_TOPIC).s());
                assertEquals(true, items.get(0).get(TableDefinition.SK).s().startsWith("EVENT#2024-05-03T06:30:00#"));
            }
        }
    }
}

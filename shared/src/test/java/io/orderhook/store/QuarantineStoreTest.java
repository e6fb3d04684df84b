package io.orderhook.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.orderhook.testkit.TestDynamo;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class QuarantineStoreTest {
    private final TestDynamo testDynamo = TestDynamo.get();
    private final DynamoDbClient dynamo = testDynamo.client();
    private final String table = testDynamo.newTable("quarantine", TableDefinition::create);
    private final QuarantineStore store = new QuarantineStore(dynamo, table);
    private final Instant at = Instant.parse("2024-05-03T06:30:01.250Z");

    @Test
    void twoDeliveriesWithTheSameTimeAndDeliveryIdAreBothKept() {
        byte[] body = "not json".getBytes(StandardCharsets.UTF_8);
        String first = store.put(new QuarantinedDelivery("demo", at, "abc", "order.updated", "body is not valid JSON", Map.of(), body));
        String second = store.put(new QuarantinedDelivery("demo", at, "abc", "order.updated", "body is not valid JSON", Map.of(), body));

        assertEquals("2024-05-03T06:30:01.250Z#abc", first);
        assertNotEquals(first, second);
        assertEquals(2, store.list("demo").size());
    }

    @Test
    void anIncompressibleMebibyteIsCutToFitOneItemAndSaysSo() {
        byte[] noise = new byte[1024 * 1024];
        new Random(7).nextBytes(noise);
        Map<String, String> headers = new HashMap<>();
        for (int i = 0; i < 100; i++) {
            headers.put("x-header-" + i, "v".repeat(5000));
        }

        store.put(new QuarantinedDelivery("demo", at, "d".repeat(3000), "t".repeat(3000), "r".repeat(5000), headers, noise));

        List<QuarantinedDelivery> kept = store.list("demo");
        assertEquals(1, kept.size());
        assertArrayEquals(Arrays.copyOf(noise, QuarantineStore.TRUNCATED_BODY), kept.get(0).body());
        assertEquals(QuarantineStore.MAX_HEADERS, kept.get(0).headers().size());
        Map<String, AttributeValue> item = dynamo.scan(b -> b.tableName(table)).items().get(0);
        assertTrue(item.get("bodyTruncated").bool());
        assertEquals(Integer.toString(noise.length), item.get("bodySize").n());
        assertEquals(BodyHash.of(noise), item.get("bodyHash").s());
    }

    @Test
    void aLargeTextBodyIsKeptWholeCompressed() {
        byte[] body = ("{\"id\":1,\"x\":\"" + "abc".repeat(100_000) + "\"").getBytes(StandardCharsets.UTF_8);
        store.put(new QuarantinedDelivery("demo", at, null, null, "body is not valid JSON", Map.of(), body));

        QuarantinedDelivery kept = store.list("demo").get(0);
        assertArrayEquals(body, kept.body());
        assertEquals(null, kept.deliveryId());
    }
}

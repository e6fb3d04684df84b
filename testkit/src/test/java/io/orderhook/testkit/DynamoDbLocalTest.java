package io.orderhook.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

class DynamoDbLocalTest {

    @Test
    void aNewTableHasAStreamOfNewImagesAndKeepsWhatIsWritten() {
        DynamoDbLocal local = DynamoDbLocal.shared();
        String table = local.newTable("fixture", PlainTable::create);
        try (DynamoDbClient dynamo = local.client(); DynamoDbStreamsClient streams = local.streamsClient()) {
            dynamo.putItem(b -> b.tableName(table).item(Map.of(
                    "PK", AttributeValue.fromS("SHOP#demo"), "SK", AttributeValue.fromS("CONFIG"))));

            var item = dynamo.getItem(b -> b.tableName(table).key(Map.of(
                    "PK", AttributeValue.fromS("SHOP#demo"), "SK", AttributeValue.fromS("CONFIG")))).item();
            assertEquals("CONFIG", item.get("SK").s());

            DescribeTableResponse described = dynamo.describeTable(b -> b.tableName(table));
            assertEquals(StreamViewType.NEW_IMAGE, described.table().streamSpecification().streamViewType());
            String arn = described.table().latestStreamArn();
            var shards = streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards();
            assertTrue(!shards.isEmpty(), "the table's stream has a shard");
        }
    }

    @Test
    void closingAServerStopsItsDatabaseAndBackgroundJobs() throws InterruptedException {
        DynamoDbLocal.shared();
        long before = dynamoLocalThreads();
        DynamoDbLocal local = DynamoDbLocal.start(null);
        String table = local.newTable("closing", PlainTable::create);
        try (DynamoDbClient dynamo = local.client()) {
            dynamo.putItem(b -> b.tableName(table).item(Map.of(
                    "PK", AttributeValue.fromS("SHOP#demo"), "SK", AttributeValue.fromS("CONFIG"))));
        }
        assertTrue(dynamoLocalThreads() > before, "a started server runs its own database and jobs");

        local.close();

        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (dynamoLocalThreads() > before && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        assertEquals(before, dynamoLocalThreads(), "a closed server leaves no database or job thread behind");
    }

    /** Threads of DynamoDB Local's databases (SQLite queues) and of its background jobs. */
    private static long dynamoLocalThreads() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getName().startsWith("SQLiteQueue") || java.util.Arrays.stream(e.getValue())
                        .anyMatch(f -> f.getClassName().startsWith("software.amazon.dynamodb.services.local.shared.jobs")))
                .count();
    }
}

package io.orderhook.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}

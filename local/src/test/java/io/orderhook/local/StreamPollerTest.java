package io.orderhook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;

import io.orderhook.store.InboxItem;
import io.orderhook.store.TableDefinition;
import io.orderhook.testkit.DynamoDbLocal;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

class StreamPollerTest {
    private final DynamoDbLocal local = DynamoDbLocal.shared();
    private final String table = local.newTable("poller", TableDefinition::create);
    private final DynamoDbClient dynamo = local.client();
    private final DynamoDbStreamsClient streams = local.streamsClient();

    @Test
    void onlyInboxInsertsAreDeliveredInTheLambdaShapeAndInOrderPerOrder() {
        List<DynamodbStreamRecord> seen = new CopyOnWriteArrayList<>();
        try (StreamPoller poller = StreamPoller.forTable(dynamo, streams, table, event -> {
            seen.addAll(event.getRecords());
            return StreamsEventResponse.builder().withBatchItemFailures(List.of()).build();
        }).parallelism(2).start()) {
            for (int i = 0; i < 5; i++) {
                inbox("A", i);
                inbox("B", i);
            }
            dynamo.putItem(b -> b.tableName(table).item(Map.of("PK", s("SHOP#s#ORDER#A"), "SK", s("STATE"), "type", s("STATE"))));
            dynamo.updateItem(b -> b.tableName(table).key(Map.of("PK", s("SHOP#s#ORDER#A"), "SK", s("EVENT#0")))
                    .updateExpression("SET note = :n").expressionAttributeValues(Map.of(":n", s("modified"))));

            assertTrue(poller.awaitIdle(Duration.ofSeconds(20)));
        }

        assertEquals(10, seen.size());
        assertEquals(List.of("EVENT#0", "EVENT#1", "EVENT#2", "EVENT#3", "EVENT#4"), sortKeys(seen, "A"));
        assertEquals(List.of("EVENT#0", "EVENT#1", "EVENT#2", "EVENT#3", "EVENT#4"), sortKeys(seen, "B"));
        DynamodbStreamRecord first = seen.get(0);
        assertEquals("INSERT", first.getEventName());
        assertEquals("aws:dynamodb", first.getEventSource());
        assertEquals("us-east-1", first.getAwsRegion());
        assertTrue(first.getEventSourceARN().contains(table));
        assertEquals("NEW_IMAGE", first.getDynamodb().getStreamViewType());
        assertEquals("INBOX", first.getDynamodb().getNewImage().get("type").getS());
        assertEquals(Set.of("PK", "SK"), first.getDynamodb().getKeys().keySet());
        assertTrue(first.getDynamodb().getSequenceNumber() != null && first.getDynamodb().getApproximateCreationDateTime() != null);
    }

    @Test
    void aPartialFailureIsReDeliveredFromTheFirstFailedRecordAndGivenUpAfterTheRetries() {
        Map<String, Integer> attempts = new ConcurrentHashMap<>();
        List<String> delivered = new CopyOnWriteArrayList<>();
        List<List<DynamodbStreamRecord>> destination = new CopyOnWriteArrayList<>();
        try (StreamPoller poller = StreamPoller.forTable(dynamo, streams, table, event -> {
            List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
            boolean failing = false;
            for (DynamodbStreamRecord r : event.getRecords()) {
                String sk = r.getDynamodb().getNewImage().get("SK").getS();
                int n = attempts.merge(sk, 1, Integer::sum);
                // EVENT#1 fails twice then passes; EVENT#3 always fails; later records of the batch wait behind them.
                boolean fails = failing || (sk.equals("EVENT#1") && n <= 2) || sk.equals("EVENT#3");
                if (fails) {
                    failing = true;
                    failures.add(StreamsEventResponse.BatchItemFailure.builder()
                            .withItemIdentifier(r.getDynamodb().getSequenceNumber()).build());
                } else {
                    delivered.add(sk);
                }
            }
            return StreamsEventResponse.builder().withBatchItemFailures(failures).build();
        }).batchSize(10).maxRetries(3).onFailure(destination::add).build()) {
            for (int i = 0; i < 5; i++) {
                inbox("A", i);
            }
            poller.start();
            assertTrue(poller.awaitIdle(Duration.ofSeconds(20)));
        }

        // EVENT#4 waits behind EVENT#3 when the stream hands both over in one batch, and is given up with it;
        // when DynamoDB Local's stream exposes it only after that batch, it comes in a batch of its own and passes.
        boolean fourthInOwnBatch = delivered.contains("EVENT#4");
        assertEquals(fourthInOwnBatch ? List.of("EVENT#0", "EVENT#1", "EVENT#2", "EVENT#4") : List.of("EVENT#0", "EVENT#1", "EVENT#2"),
                delivered.stream().distinct().toList());
        assertEquals(1, delivered.stream().filter("EVENT#0"::equals).count(), "a record before the failure is not re-delivered");
        assertEquals(1, destination.size());
        assertEquals(fourthInOwnBatch ? List.of("EVENT#3") : List.of("EVENT#3", "EVENT#4"), destination.get(0).stream()
                .map(r -> r.getDynamodb().getNewImage().get("SK").getS()).toList());
        assertEquals(4, attempts.get("EVENT#3"), "the first delivery and 3 retries");
    }

    @Test
    void aHandlerErrorBisectsTheBatchSoTheGoodRecordsPass() {
        List<String> delivered = new CopyOnWriteArrayList<>();
        try (StreamPoller poller = StreamPoller.forTable(dynamo, streams, table, (DynamodbEvent event) -> {
            List<String> sks = event.getRecords().stream().map(r -> r.getDynamodb().getNewImage().get("SK").getS()).toList();
            if (sks.contains("EVENT#2")) {
                throw new IllegalStateException("poison");
            }
            delivered.addAll(sks);
            return StreamsEventResponse.builder().withBatchItemFailures(List.of()).build();
        }).batchSize(4).maxRetries(3).build()) {
            for (int i = 0; i < 4; i++) {
                inbox("A", i);
            }
            poller.start();
            assertTrue(poller.awaitIdle(Duration.ofSeconds(20)));
            assertEquals(List.of("EVENT#2"), poller.failedRecords().stream()
                    .map(r -> r.getDynamodb().getNewImage().get("SK").getS()).toList());
        }
        assertEquals(List.of("EVENT#0", "EVENT#1", "EVENT#3"), delivered);
    }

    private void inbox(String order, int i) {
        dynamo.putItem(b -> b.tableName(table).item(Map.of(
                "PK", s("SHOP#s#ORDER#" + order), "SK", s("EVENT#" + i), InboxItem.ATTR_TYPE, s(InboxItem.TYPE),
                InboxItem.ATTR_BODY, s("{}"))));
    }

    private static List<String> sortKeys(List<DynamodbStreamRecord> records, String order) {
        return records.stream().filter(r -> r.getDynamodb().getKeys().get("PK").getS().endsWith("#" + order))
                .map(r -> r.getDynamodb().getKeys().get("SK").getS()).toList();
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}

package io.orderhook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;

import io.orderhook.json.Json;
import io.orderhook.processor.ProcessorFailuresHandler;
import io.orderhook.store.FailedOrder;
import io.orderhook.store.InboxItem;
import io.orderhook.testkit.DynamoEndpoint;
import io.orderhook.testkit.woocommerce.OrderNote;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The failure destination's function as AWS runs it: an SQS message with Lambda's on-failure
 * record of a stream batch (shard and sequence numbers only), the batch read back from the table's
 * stream in DynamoDB Local, and its order given up on in the shop simulator.
 */
class ProcessorFailuresHandlerTest {
    private final LocalBackend backend = LocalBackend.start(LocalOptions.forTests());
    private final DynamoDbStreamsClient streams = new DynamoEndpoint(backend.dynamodbEndpoint(), Region.US_EAST_1,
            "local", "local").streamsClient();

    @AfterEach
    void stop() {
        streams.close();
        backend.close();
    }

    @Test
    void theOrdersOfABatchGivenUpOnGetTheirNoteStatusAndFailedRecord() {
        String[] order = LocalStackSteps.checkout(backend, backend.baseUrl());
        String[] where = lastInboxInsert(order[0]);
        ProcessorFailuresHandler handler = new ProcessorFailuresHandler(backend.processorWiring().giveUp(), streams);

        SQSBatchResponse response = handler.handleRequest(event(message("m1", where[0], where[1], where[2], 11)), null);

        assertEquals(List.of(), response.getBatchItemFailures());
        FailedOrder failed = backend.wiring().failedOrders().find(LocalShops.DEMO, order[0]).orElseThrow();
        assertEquals(11, failed.attempts(), "no attempt was noted: the invocations of the on-failure record count");
        assertEquals("processing", failed.statusBefore());
        assertEquals("on-hold", backend.shop().status(order[0]));
        List<OrderNote> notes = backend.shop().notes(order[0], OrderNote.Origin.REST_API);
        assertTrue(notes.get(notes.size() - 1).note().contains("stopped after 11 attempts"), notes.toString());
    }

    @Test
    void aMessageThatIsNoStreamBatchIsDroppedAndOneThatCannotBeReadNowComesAgain() {
        SQSEvent event = event(plain("not-a-batch", "{\"hello\":1}"),
                message("unreadable", "arn:aws:dynamodb:us-east-1:000000000000:table/none/stream/x", "shardId-none", "1", 1));

        SQSBatchResponse response = handler().handleRequest(event, null);

        assertEquals(1, response.getBatchItemFailures().size());
        assertEquals("unreadable", response.getBatchItemFailures().get(0).getItemIdentifier());
    }

    private ProcessorFailuresHandler handler() {
        return new ProcessorFailuresHandler(backend.processorWiring().giveUp(), streams);
    }

    /** {stream ARN, shard id, sequence number} of the order's newest inbox insert. */
    private String[] lastInboxInsert(String orderId) {
        String arn = backend.dynamo().describeTable(b -> b.tableName(LocalBackend.TABLE)).table().latestStreamArn();
        String[] found = null;
        for (Shard shard : streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards()) {
            String iterator = streams.getShardIterator(b -> b.streamArn(arn).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            for (int page = 0; page < 20 && iterator != null; page++) {
                String from = iterator;
                var answer = streams.getRecords(b -> b.shardIterator(from).limit(1000));
                for (Record r : answer.records()) {
                    var image = r.dynamodb().newImage();
                    if ("INSERT".equals(r.eventNameAsString()) && image.containsKey(InboxItem.ATTR_TYPE)
                            && InboxItem.TYPE.equals(image.get(InboxItem.ATTR_TYPE).s())
                            && orderId.equals(image.get(InboxItem.ATTR_ORDER).s())) {
                        found = new String[] {arn, shard.shardId(), r.dynamodb().sequenceNumber()};
                    }
                }
                if (answer.records().isEmpty()) {
                    break;
                }
                iterator = answer.nextShardIterator();
            }
        }
        assertTrue(found != null, "the order's inbox insert is on the stream");
        return found;
    }

    /** Lambda's on-failure record of a one-record stream batch, as the SQS destination receives it. */
    private static SQSEvent.SQSMessage message(String id, String streamArn, String shardId, String sequence, int invocations) {
        String body = Json.write(Map.of(
                "requestContext", Map.of("condition", "RetryAttemptsExhausted", "approximateInvokeCount", invocations),
                "version", "1.0",
                "DDBStreamBatchInfo", Map.of("shardId", shardId, "startSequenceNumber", sequence,
                        "endSequenceNumber", sequence, "batchSize", 1, "streamArn", streamArn)));
        return plain(id, body);
    }

    private static SQSEvent.SQSMessage plain(String id, String body) {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(id);
        message.setBody(body);
        return message;
    }

    private static SQSEvent event(SQSEvent.SQSMessage... messages) {
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(messages));
        return event;
    }
}

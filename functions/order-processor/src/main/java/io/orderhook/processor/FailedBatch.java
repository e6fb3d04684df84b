package io.orderhook.processor;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.orderhook.json.Json;
import io.orderhook.store.InboxItem;
import io.orderhook.store.InboxStore;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * A batch the stream gave up on, as Lambda's on-failure destination describes it: not the records
 * but where they are ({@code DDBStreamBatchInfo}: stream, shard, first and last sequence number)
 * and how often the function was invoked ({@code requestContext.approximateInvokeCount}). The
 * inbox items are read back from the stream, which keeps records for 24 hours; the event source
 * mapping gives up on records at most a day old, so they are still there.
 */
record FailedBatch(String streamArn, String shardId, String firstSequenceNumber, String lastSequenceNumber,
        int invocations) {
    /** GetRecords calls at most, so that a shard that is read to its open end cannot hold the function. */
    private static final int MAX_READS = 20;

    /** @throws IllegalArgumentException when the message is not an on-failure record of a stream batch */
    static FailedBatch parse(String message) {
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(message);
        } catch (IOException e) {
            throw new IllegalArgumentException("the message is not JSON: " + e.getMessage(), e);
        }
        JsonNode info = json.path("DDBStreamBatchInfo");
        String[] fields = {"streamArn", "shardId", "startSequenceNumber", "endSequenceNumber"};
        for (String field : fields) {
            if (!info.path(field).isTextual()) {
                throw new IllegalArgumentException("the message has no DDBStreamBatchInfo." + field);
            }
        }
        return new FailedBatch(info.get("streamArn").asText(), info.get("shardId").asText(),
                info.get("startSequenceNumber").asText(), info.get("endSequenceNumber").asText(),
                json.path("requestContext").path("approximateInvokeCount").asInt(1));
    }

    /** The batch's inbox inserts, in stream order (the processor's own writes are not inbox items). */
    List<InboxItem> inboxItems(DynamoDbStreamsClient streams) {
        String iterator = streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shardId)
                .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER).sequenceNumber(firstSequenceNumber)).shardIterator();
        BigInteger last = new BigInteger(lastSequenceNumber);
        List<InboxItem> items = new ArrayList<>();
        for (int read = 0; read < MAX_READS && iterator != null; read++) {
            String from = iterator;
            GetRecordsResponse page = streams.getRecords(b -> b.shardIterator(from).limit(100));
            for (Record record : page.records()) {
                if (new BigInteger(record.dynamodb().sequenceNumber()).compareTo(last) > 0) {
                    return items;
                }
                AttributeValue type = record.dynamodb().hasNewImage() ? record.dynamodb().newImage().get(InboxItem.ATTR_TYPE) : null;
                if ("INSERT".equals(record.eventNameAsString()) && type != null && InboxItem.TYPE.equals(type.s())) {
                    items.add(InboxStore.fromAttributes(record.dynamodb().newImage()));
                }
            }
            iterator = page.nextShardIterator();
        }
        return items;
    }
}

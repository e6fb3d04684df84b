package io.orderhook.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;

import io.orderhook.processing.InboxRecord;
import io.orderhook.store.InboxItem;

class InboxRecordsTest {

    @Test
    void anInboxInsertBecomesAnInboxItemAndAGzipBodyIsUnpacked() throws IOException {
        String body = "{\"id\":42,\"status\":\"completed\",\"note\":\"" + "x".repeat(70_000) + "\"}";
        Map<String, AttributeValue> image = image("INBOX");
        image.put(InboxItem.ATTR_BODY_GZIP, new AttributeValue().withB(ByteBuffer.wrap(gzip(body))));
        Map<String, AttributeValue> small = image("INBOX");
        small.put(InboxItem.ATTR_BODY, new AttributeValue("{\"id\":42}"));

        List<InboxRecord> records = InboxRecords.from(event(record("INSERT", "1", image), record("INSERT", "2", small)));

        InboxItem item = records.get(0).item();
        assertEquals(body, item.body());
        assertEquals("shop1", item.shopId());
        assertEquals("42", item.orderId());
        assertEquals("order.updated", item.topic());
        assertEquals("2024-05-02T10:00:00", item.modifiedGmt());
        assertEquals(java.time.Instant.parse("2024-05-02T10:00:01Z"), item.receivedAt());
        assertEquals("1", records.get(0).sequenceNumber());
        assertEquals(InboxItem.partitionKey("shop1", "42"), records.get(0).partitionKey());
        assertEquals("{\"id\":42}", records.get(1).item().body());
    }

    @Test
    void recordsThatAreNotInboxInsertsCarryNoItem() {
        Map<String, AttributeValue> state = image("STATE");
        Map<String, AttributeValue> inbox = image("INBOX");
        inbox.put(InboxItem.ATTR_BODY, new AttributeValue("{}"));

        List<InboxRecord> records = InboxRecords.from(event(record("INSERT", "1", state), record("MODIFY", "2", inbox)));

        assertNull(records.get(0).item());
        assertEquals("not an inbox item", records.get(0).problem());
        assertNull(records.get(1).item());
    }

    private static Map<String, AttributeValue> image(String type) {
        Map<String, AttributeValue> image = new HashMap<>();
        image.put("PK", new AttributeValue(InboxItem.partitionKey("shop1", "42")));
        image.put("SK", new AttributeValue("EVENT#2024-05-02T10:00:00#abc"));
        image.put(InboxItem.ATTR_TYPE, new AttributeValue(type));
        image.put(InboxItem.ATTR_SHOP, new AttributeValue("shop1"));
        image.put(InboxItem.ATTR_ORDER, new AttributeValue("42"));
        image.put(InboxItem.ATTR_TOPIC, new AttributeValue("order.updated"));
        image.put(InboxItem.ATTR_DELIVERY, new AttributeValue("d"));
        image.put(InboxItem.ATTR_WEBHOOK, new AttributeValue("7"));
        image.put(InboxItem.ATTR_MODIFIED, new AttributeValue("2024-05-02T10:00:00"));
        image.put(InboxItem.ATTR_BODY_HASH, new AttributeValue("abc"));
        image.put(InboxItem.ATTR_RECEIVED, new AttributeValue("2024-05-02T10:00:01Z"));
        return image;
    }

    private static DynamodbEvent.DynamodbStreamRecord record(String name, String sequence, Map<String, AttributeValue> image) {
        DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
        record.setEventName(name);
        record.setDynamodb(new StreamRecord().withSequenceNumber(sequence).withNewImage(image));
        return record;
    }

    private static DynamodbEvent event(DynamodbEvent.DynamodbStreamRecord... records) {
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(List.of(records));
        return event;
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}

package io.orderhook.processor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;

import io.orderhook.processing.InboxRecord;
import io.orderhook.store.InboxItem;
import io.orderhook.store.InboxStore;
import io.orderhook.store.TableDefinition;

import software.amazon.awssdk.core.SdkBytes;

/**
 * Turns the Lambda {@link DynamodbEvent} of the table's stream into inbox items. The event
 * source filter already passes only inbox INSERTs; anything else that slips through is
 * returned without an item and skipped.
 */
public final class InboxRecords {
    private InboxRecords() {}

    public static List<InboxRecord> from(DynamodbEvent event) {
        List<InboxRecord> out = new ArrayList<>();
        if (event == null || event.getRecords() == null) {
            return out;
        }
        for (DynamodbEvent.DynamodbStreamRecord record : event.getRecords()) {
            out.add(from(record));
        }
        return out;
    }

    static InboxRecord from(DynamodbEvent.DynamodbStreamRecord record) {
        String sequence = record.getDynamodb() == null ? null : record.getDynamodb().getSequenceNumber();
        Map<String, AttributeValue> image = record.getDynamodb() == null ? null : record.getDynamodb().getNewImage();
        if (!"INSERT".equals(record.getEventName()) || image == null) {
            return new InboxRecord(sequence, null, null, "not an insert with a new image");
        }
        String pk = string(image, TableDefinition.PK);
        if (!InboxItem.TYPE.equals(string(image, InboxItem.ATTR_TYPE))) {
            return new InboxRecord(sequence, pk, null, "not an inbox item");
        }
        try {
            return new InboxRecord(sequence, pk, toItem(image), null);
        } catch (RuntimeException e) {
            return new InboxRecord(sequence, pk, null, "unreadable inbox item: " + e.getMessage());
        }
    }

    /** The stream's image in the SDK's attribute types, read as every stored inbox item is ({@link InboxStore#fromAttributes}). */
    static InboxItem toItem(Map<String, AttributeValue> image) {
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item = new HashMap<>();
        image.forEach((name, value) -> {
            if (value.getS() != null) {
                item.put(name, software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(value.getS()));
            } else if (value.getN() != null) {
                item.put(name, software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN(value.getN()));
            } else if (value.getB() != null) {
                item.put(name, software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromB(
                        SdkBytes.fromByteBuffer(value.getB().duplicate())));
            }
        });
        return InboxStore.fromAttributes(item);
    }

    private static String string(Map<String, AttributeValue> image, String name) {
        AttributeValue v = image.get(name);
        if (v == null) {
            return null;
        }
        return v.getS() != null ? v.getS() : v.getN();
    }
}

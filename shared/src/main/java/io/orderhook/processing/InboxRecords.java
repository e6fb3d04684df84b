package io.orderhook.processing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;

import io.orderhook.store.InboxItem;
import io.orderhook.store.TableDefinition;

/**
 * Turns the Lambda {@link DynamodbEvent} of the table's stream into inbox items. The event
 * source filter already passes only inbox INSERTs; anything else that slips through is
 * returned without an item and skipped.
 */
public final class InboxRecords {
    /** Gzip bombs stop here: the receiver refuses bodies over 1 MiB. */
    private static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

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

    static InboxItem toItem(Map<String, AttributeValue> image) {
        String body = string(image, InboxItem.ATTR_BODY);
        AttributeValue gzip = image.get(InboxItem.ATTR_BODY_GZIP);
        if (body == null && gzip != null && gzip.getB() != null) {
            body = gunzip(gzip.getB());
        }
        if (body == null) {
            throw new IllegalArgumentException("the item has neither " + InboxItem.ATTR_BODY + " nor " + InboxItem.ATTR_BODY_GZIP);
        }
        return new InboxItem(
                string(image, InboxItem.ATTR_SHOP),
                string(image, InboxItem.ATTR_ORDER),
                string(image, InboxItem.ATTR_TOPIC),
                string(image, InboxItem.ATTR_DELIVERY),
                string(image, InboxItem.ATTR_WEBHOOK),
                string(image, InboxItem.ATTR_MODIFIED),
                string(image, InboxItem.ATTR_BODY_HASH),
                body,
                instant(image.get(InboxItem.ATTR_RECEIVED)));
    }

    private static String string(Map<String, AttributeValue> image, String name) {
        AttributeValue v = image.get(name);
        if (v == null) {
            return null;
        }
        return v.getS() != null ? v.getS() : v.getN();
    }

    /** The receiver may store the time as ISO text or as epoch seconds/millis. */
    private static Instant instant(AttributeValue v) {
        if (v == null) {
            return null;
        }
        if (v.getS() != null) {
            return Instant.parse(v.getS());
        }
        if (v.getN() != null) {
            long n = Long.parseLong(v.getN());
            return n > 100_000_000_000L ? Instant.ofEpochMilli(n) : Instant.ofEpochSecond(n);
        }
        return null;
    }

    private static String gunzip(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw new IllegalArgumentException("the gzip body expands beyond " + MAX_BODY_BYTES + " bytes");
            }
            return new String(body, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("the gzip body is not valid gzip", e);
        }
    }
}

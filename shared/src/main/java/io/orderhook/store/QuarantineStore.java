package io.orderhook.store;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Keeps deliveries that were signed correctly but that orderhook cannot take in. Whatever the
 * body is, the item stays under DynamoDB's 400 KB: bodies over {@link InboxStore#INLINE_BODY_LIMIT}
 * (or not UTF-8) are gzip-compressed, and a body that is still too large is cut, with its full
 * size and SHA-256 kept so nobody mistakes the cut copy for the original.
 */
public final class QuarantineStore {
    public static final String SK_SEPARATOR = "#";
    public static final String TYPE = "QUARANTINE";

    public static final String ATTR_TYPE = "type";
    public static final String ATTR_SHOP = "shopId";
    public static final String ATTR_RECEIVED = "receivedAt";
    public static final String ATTR_DELIVERY = "deliveryId";
    public static final String ATTR_TOPIC = "topic";
    public static final String ATTR_REASON = "reason";
    static final String ATTR_VERIFIED = "signatureVerified";
    public static final String ATTR_HEADERS = "headers";
    public static final String ATTR_BODY = "body";
    public static final String ATTR_BODY_GZIP = "bodyGzip";
    public static final String ATTR_BODY_SIZE = "bodySize";
    public static final String ATTR_BODY_HASH = "bodyHash";
    public static final String ATTR_BODY_TRUNCATED = "bodyTruncated";

    // Bounds that keep the whole item under 400 KB: body <= 320 KiB, headers <= 30 x ~0.6 KiB.
    static final int MAX_STORED_BODY = 320 * 1024;
    /** Raw bytes kept of a body that does not fit even compressed (incompressible 256 KiB gzips to ~256 KiB). */
    static final int TRUNCATED_BODY = 256 * 1024;
    static final int MAX_HEADERS = 30;
    static final int MAX_HEADER_NAME = 100;
    static final int MAX_HEADER_VALUE = 512;
    static final int MAX_REASON = 1024;
    /** Two deliveries can share a millisecond and a (non-unique) delivery id: we then step the time. */
    private static final int KEY_ATTEMPTS = 5;

    private final DynamoDbClient dynamo;
    private final String tableName;

    public QuarantineStore(DynamoDbClient dynamo, String tableName) {
        this.dynamo = dynamo;
        this.tableName = tableName;
    }

    public static String partitionKey(String shopId) {
        return "SHOP#" + shopId + "#QUARANTINE";
    }

    /** Stores the delivery and answers the sort key it was stored under. */
    public String put(QuarantinedDelivery delivery) {
        Map<String, AttributeValue> attributes = attributes(delivery);
        Instant at = delivery.receivedAt().truncatedTo(ChronoUnit.MILLIS);
        String deliveryId = delivery.deliveryId() == null || delivery.deliveryId().isBlank()
                ? "-" : bounded(delivery.deliveryId(), MAX_HEADER_VALUE);
        for (int attempt = 0; ; attempt++) {
            // Fixed-width time (Instant.toString drops ".000"), so that key order is arrival order.
            // WooCommerce's delivery id is a hash of the webhook id and the current second, so a
            // burst can share it; after a few steps of the time a random suffix makes room.
            String sortKey = attempt < KEY_ATTEMPTS
                    ? SortKeys.time(at.plusMillis(attempt)) + SK_SEPARATOR + deliveryId
                    : SortKeys.time(at) + SK_SEPARATOR + deliveryId + SK_SEPARATOR + UUID.randomUUID();
            attributes.put(TableDefinition.PK, AttributeValue.fromS(partitionKey(delivery.shopId())));
            attributes.put(TableDefinition.SK, AttributeValue.fromS(sortKey));
            try {
                dynamo.putItem(b -> b.tableName(tableName).item(attributes)
                        .conditionExpression("attribute_not_exists(#pk)")
                        .expressionAttributeNames(Map.of("#pk", TableDefinition.PK)));
                return sortKey;
            } catch (ConditionalCheckFailedException taken) {
                if (attempt >= KEY_ATTEMPTS) {
                    throw new IllegalStateException("quarantine key " + sortKey + " for shop " + delivery.shopId()
                            + " is taken although it has a random part", taken);
                }
            }
        }
    }

    /** The shop's quarantined deliveries, oldest first. */
    public List<QuarantinedDelivery> list(String shopId) {
        return entries(shopId).stream().map(Entry::delivery).toList();
    }

    /**
     * A quarantined delivery with the sort key it is stored under, for an operator who looks at
     * it, replays it or removes it.
     *
     * @param bodyTruncated the stored body is only the first part of what the shop sent: never replay it
     */
    public record Entry(String sortKey, QuarantinedDelivery delivery, boolean bodyTruncated) {}

    /** The shop's quarantined deliveries with their sort keys, oldest first. */
    public List<Entry> entries(String shopId) {
        // Every item of the quarantine partition is a quarantined delivery.
        return Attributes.partition(dynamo, tableName, partitionKey(shopId), null)
                .map(QuarantineStore::entry).toList();
    }

    /** One quarantined delivery by its sort key. */
    public Optional<Entry> find(String shopId, String sortKey) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(tableName).consistentRead(true)
                .key(key(shopId, sortKey))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(entry(item));
    }

    /** Removes a quarantined delivery (after a replay took it in); removing one that is gone is no error. */
    public void delete(String shopId, String sortKey) {
        dynamo.deleteItem(b -> b.tableName(tableName).key(key(shopId, sortKey)));
    }

    private static Map<String, AttributeValue> key(String shopId, String sortKey) {
        return Map.of(TableDefinition.PK, AttributeValue.fromS(partitionKey(shopId)),
                TableDefinition.SK, AttributeValue.fromS(sortKey));
    }

    private static Entry entry(Map<String, AttributeValue> item) {
        AttributeValue truncated = item.get(ATTR_BODY_TRUNCATED);
        return new Entry(item.get(TableDefinition.SK).s(), fromAttributes(item),
                truncated != null && Boolean.TRUE.equals(truncated.bool()));
    }

    static QuarantinedDelivery fromAttributes(Map<String, AttributeValue> item) {
        byte[] body;
        AttributeValue gzip = item.get(ATTR_BODY_GZIP);
        if (gzip != null && gzip.b() != null) {
            body = Gzip.decompress(gzip.b().asByteArrayUnsafe());
        } else {
            body = item.get(ATTR_BODY).s().getBytes(StandardCharsets.UTF_8);
        }
        Map<String, String> headers = new TreeMap<>();
        AttributeValue stored = item.get(ATTR_HEADERS);
        if (stored != null && stored.hasM()) {
            stored.m().forEach((name, value) -> headers.put(name, value.s()));
        }
        return new QuarantinedDelivery(
                item.get(ATTR_SHOP).s(),
                Instant.parse(item.get(ATTR_RECEIVED).s()),
                textOrNull(item, ATTR_DELIVERY),
                textOrNull(item, ATTR_TOPIC),
                item.get(ATTR_REASON).s(),
                headers,
                body,
                // Kept aside without a verified signature unless it says otherwise: replays then ask for trust.
                item.containsKey(ATTR_VERIFIED) && Boolean.TRUE.equals(item.get(ATTR_VERIFIED).bool()));
    }

    private static Map<String, AttributeValue> attributes(QuarantinedDelivery delivery) {
        byte[] raw = delivery.body();
        Map<String, AttributeValue> attributes = new HashMap<>(16);
        attributes.put(ATTR_TYPE, AttributeValue.fromS(TYPE));
        attributes.put(ATTR_VERIFIED, AttributeValue.fromBool(delivery.signatureVerified()));
        attributes.put(ATTR_SHOP, AttributeValue.fromS(delivery.shopId()));
        attributes.put(ATTR_RECEIVED, AttributeValue.fromS(delivery.receivedAt().truncatedTo(ChronoUnit.MILLIS).toString()));
        putIfPresent(attributes, ATTR_DELIVERY, bounded(delivery.deliveryId(), MAX_HEADER_VALUE));
        putIfPresent(attributes, ATTR_TOPIC, bounded(delivery.topic(), MAX_HEADER_VALUE));
        attributes.put(ATTR_REASON, AttributeValue.fromS(bounded(delivery.reason(), MAX_REASON)));
        attributes.put(ATTR_BODY_SIZE, AttributeValue.fromN(Integer.toString(raw.length)));
        attributes.put(ATTR_BODY_HASH, AttributeValue.fromS(BodyHash.of(raw)));

        Map<String, AttributeValue> headers = new TreeMap<>();
        new TreeMap<>(delivery.headers()).forEach((name, value) -> {
            if (headers.size() < MAX_HEADERS && value != null && !value.isEmpty()) {
                headers.put(bounded(name, MAX_HEADER_NAME), AttributeValue.fromS(bounded(value, MAX_HEADER_VALUE)));
            }
        });
        attributes.put(ATTR_HEADERS, AttributeValue.fromM(headers));

        String text = raw.length <= InboxStore.INLINE_BODY_LIMIT ? utf8OrNull(raw) : null;
        if (text != null) {
            attributes.put(ATTR_BODY, AttributeValue.fromS(text));
        } else {
            byte[] gzip = Gzip.compress(raw, raw.length);
            if (gzip.length > MAX_STORED_BODY) {
                gzip = Gzip.compress(raw, Math.min(raw.length, TRUNCATED_BODY));
                attributes.put(ATTR_BODY_TRUNCATED, AttributeValue.fromBool(true));
            }
            attributes.put(ATTR_BODY_GZIP, AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(gzip)));
        }
        return attributes;
    }

    private static String utf8OrNull(byte[] raw) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw))
                    .toString();
        } catch (CharacterCodingException notText) {
            return null;
        }
    }

    private static String bounded(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    private static String textOrNull(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static void putIfPresent(Map<String, AttributeValue> attributes, String name, String value) {
        if (value != null && !value.isEmpty()) {
            attributes.put(name, AttributeValue.fromS(value));
        }
    }

}

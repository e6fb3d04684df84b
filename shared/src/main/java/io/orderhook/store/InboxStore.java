package io.orderhook.store;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * Writes webhook deliveries into the inbox. The put is conditional on the key not existing:
 * the key (order, {@code date_modified_gmt}, body hash) is the de-duplication, so the same
 * delivery sent twice, or fifty times at once, leaves exactly one item and one stream INSERT.
 * One body can come twice as two changes: the shop's times are whole seconds, so an order moved
 * on and back within one second sends its first body again after another. That body is stored
 * once more, under a key of its own ({@link InboxItem#asChangeBack()}).
 */
public final class InboxStore {
    /** Bodies above this are stored gzip-compressed in {@link InboxItem#ATTR_BODY_GZIP}. */
    public static final int INLINE_BODY_LIMIT = 64 * 1024;
    /**
     * The largest compressed body we store: a DynamoDB item is at most 400 KB, and the key and
     * the other attributes need a little room.
     */
    public static final int MAX_STORED_BODY = 380 * 1024;
    /** Inbox items are work for the processor, then history; TTL removes them after this. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);

    private final DynamoDbClient dynamo;
    private final String tableName;
    private final Duration retention;

    public InboxStore(DynamoDbClient dynamo, String tableName) {
        this(dynamo, tableName, DEFAULT_RETENTION);
    }

    public InboxStore(DynamoDbClient dynamo, String tableName, Duration retention) {
        this.dynamo = dynamo;
        this.tableName = tableName;
        this.retention = retention;
    }

    /** What became of a put. */
    public sealed interface Put {
        record Stored(boolean compressed, int storedBodyBytes) implements Put {}
        /** An item with the same key is already there: this delivery is a duplicate. */
        record Duplicate() implements Put {}
        /** Even compressed, the body does not fit one item. */
        record TooLarge(int compressedBytes) implements Put {}
    }

    public Put put(InboxItem item) {
        return put(item, item.body().getBytes(StandardCharsets.UTF_8));
    }

    /** As {@link #put(InboxItem)}, for a caller that has the body's UTF-8 bytes already. */
    public Put put(InboxItem item, byte[] bodyBytes) {
        Encoded encoded = encode(item, bodyBytes);
        if (encoded.attributes() == null) {
            return new Put.TooLarge(encoded.storedBodyBytes());
        }
        try {
            dynamo.putItem(PutItemRequest.builder()
                    .tableName(tableName)
                    .item(encoded.attributes())
                    .conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", TableDefinition.PK))
                    .build());
            return new Put.Stored(encoded.compressed(), encoded.storedBodyBytes());
        } catch (ConditionalCheckFailedException alreadyStored) {
            if (item.again() == null && changedBackTo(item)) {
                return put(item.asChangeBack(), bodyBytes);
            }
            return new Put.Duplicate();
        }
    }

    /**
     * Whether another body of the same order version was received after the last item of this
     * body: then this body is the order changed back to it, not the same delivery again. Read
     * only when a put finds its key taken.
     */
    private boolean changedBackTo(InboxItem item) {
        Instant lastOfThisBody = null;
        Instant lastOfAnother = null;
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            var page = dynamo.query(b -> b.tableName(tableName).consistentRead(true)
                    .keyConditionExpression("#pk = :pk AND begins_with(#sk, :version)")
                    .expressionAttributeNames(Map.of("#pk", TableDefinition.PK, "#sk", TableDefinition.SK,
                            "#hash", InboxItem.ATTR_BODY_HASH, "#received", InboxItem.ATTR_RECEIVED))
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(item.partitionKey()),
                            ":version", AttributeValue.fromS(InboxItem.versionPrefix(item.modifiedGmt()))))
                    .projectionExpression("#hash, #received")
                    .exclusiveStartKey(from));
            for (Map<String, AttributeValue> stored : page.items()) {
                Instant received = received(stored.get(InboxItem.ATTR_RECEIVED));
                if (received == null) {
                    continue;
                }
                if (item.bodyHash() != null && stored.get(InboxItem.ATTR_BODY_HASH) != null
                        && item.bodyHash().equals(stored.get(InboxItem.ATTR_BODY_HASH).s())) {
                    lastOfThisBody = lastOfThisBody == null || received.isAfter(lastOfThisBody) ? received : lastOfThisBody;
                } else {
                    lastOfAnother = lastOfAnother == null || received.isAfter(lastOfAnother) ? received : lastOfAnother;
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return lastOfThisBody != null && lastOfAnother != null && lastOfAnother.isAfter(lastOfThisBody);
    }

    /**
     * The attributes {@link #put} writes for this item (benchmarks write the same item raw as
     * their baseline).
     *
     * @throws IllegalArgumentException when the body does not fit one item even compressed
     */
    public Map<String, AttributeValue> attributesOf(InboxItem item) {
        Encoded encoded = encode(item, item.body().getBytes(StandardCharsets.UTF_8));
        if (encoded.attributes() == null) {
            throw new IllegalArgumentException("body is " + encoded.storedBodyBytes() + " bytes compressed: over one item");
        }
        return encoded.attributes();
    }

    /** {@code attributes} is null when the compressed body is too large. */
    private record Encoded(Map<String, AttributeValue> attributes, boolean compressed, int storedBodyBytes) {}

    private Encoded encode(InboxItem item, byte[] body) {
        Map<String, AttributeValue> attributes = new HashMap<>(16);
        attributes.put(TableDefinition.PK, AttributeValue.fromS(item.partitionKey()));
        attributes.put(TableDefinition.SK, AttributeValue.fromS(item.sortKey()));
        attributes.put(InboxItem.ATTR_TYPE, AttributeValue.fromS(InboxItem.TYPE));
        attributes.put(InboxItem.ATTR_SHOP, AttributeValue.fromS(item.shopId()));
        attributes.put(InboxItem.ATTR_ORDER, AttributeValue.fromS(item.orderId()));
        attributes.put(InboxItem.ATTR_TOPIC, AttributeValue.fromS(item.topic()));
        putIfPresent(attributes, InboxItem.ATTR_DELIVERY, item.deliveryId());
        putIfPresent(attributes, InboxItem.ATTR_WEBHOOK, item.webhookId());
        attributes.put(InboxItem.ATTR_MODIFIED, AttributeValue.fromS(item.modifiedGmt()));
        attributes.put(InboxItem.ATTR_BODY_HASH, AttributeValue.fromS(item.bodyHash()));
        attributes.put(InboxItem.ATTR_RECEIVED, AttributeValue.fromS(item.receivedAt().toString()));
        if (item.again() != null) {
            attributes.put(InboxItem.ATTR_AGAIN, AttributeValue.fromS(item.again()));
        }
        if (!InboxItem.SOURCE_WEBHOOK.equals(item.source())) {
            // Only the exception is marked: a delivery's item stays as small as before.
            attributes.put(InboxItem.ATTR_SOURCE, AttributeValue.fromS(item.source()));
        }
        attributes.put(TableDefinition.TTL,
                AttributeValue.fromN(Long.toString(item.receivedAt().plus(retention).getEpochSecond())));

        if (body.length <= INLINE_BODY_LIMIT) {
            attributes.put(InboxItem.ATTR_BODY, AttributeValue.fromS(item.body()));
            return new Encoded(attributes, false, body.length);
        }
        byte[] gzip = Gzip.compress(body, body.length);
        if (gzip.length > MAX_STORED_BODY) {
            return new Encoded(null, true, gzip.length);
        }
        attributes.put(InboxItem.ATTR_BODY_GZIP, AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(gzip)));
        return new Encoded(attributes, true, gzip.length);
    }

    /**
     * The bodies of every item of this order version ({@code date_modified_gmt}), whatever their
     * hash: the sweep compares an order as the list shows it with them, because the list's JSON
     * need not be the webhook's byte for byte, and two saves within one second share the version.
     */
    public List<String> versionBodies(String shopId, String orderId, String modifiedGmt) {
        return dynamo.query(b -> b.tableName(tableName).consistentRead(true)
                        .keyConditionExpression("#pk = :pk AND begins_with(#sk, :version)")
                        .expressionAttributeNames(Map.of("#pk", TableDefinition.PK, "#sk", TableDefinition.SK))
                        .expressionAttributeValues(Map.of(
                                ":pk", AttributeValue.fromS(InboxItem.partitionKey(shopId, orderId)),
                                ":version", AttributeValue.fromS(InboxItem.versionPrefix(modifiedGmt)))))
                .items().stream().map(item -> fromAttributes(item).body()).toList();
    }

    /**
     * The newest delivery of the order that carries the whole order (not {@code order.deleted}'s
     * {@code {"id": N}}), or empty when the inbox holds none.
     */
    public Optional<InboxItem> latestOrder(String shopId, String orderId) {
        return dynamo.queryPaginator(b -> b.tableName(tableName).consistentRead(true).scanIndexForward(false)
                        .keyConditionExpression("#pk = :pk AND begins_with(#sk, :inbox)")
                        .expressionAttributeNames(Map.of("#pk", TableDefinition.PK, "#sk", TableDefinition.SK))
                        .expressionAttributeValues(Map.of(
                                ":pk", AttributeValue.fromS(InboxItem.partitionKey(shopId, orderId)),
                                ":inbox", AttributeValue.fromS(InboxItem.SK_PREFIX))))
                .items().stream().map(InboxStore::fromAttributes).filter(i -> !"order.deleted".equals(i.topic())).findFirst();
    }

    /** Reads one inbox item back (tests, tools, replays). */
    public Optional<InboxItem> get(String shopId, String orderId, String sortKey) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(tableName).consistentRead(true).key(Map.of(
                TableDefinition.PK, AttributeValue.fromS(InboxItem.partitionKey(shopId, orderId)),
                TableDefinition.SK, AttributeValue.fromS(sortKey)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromAttributes(item));
    }

    /** Turns stored attributes (from GetItem, Query or a stream image) back into the record. */
    public static InboxItem fromAttributes(Map<String, AttributeValue> item) {
        AttributeValue gzip = item.get(InboxItem.ATTR_BODY_GZIP);
        String body = bodyOf(
                text(item, InboxItem.ATTR_BODY),
                gzip == null || gzip.b() == null ? null : gzip.b().asByteArrayUnsafe());
        return new InboxItem(
                text(item, InboxItem.ATTR_SHOP),
                text(item, InboxItem.ATTR_ORDER),
                text(item, InboxItem.ATTR_TOPIC),
                text(item, InboxItem.ATTR_DELIVERY),
                text(item, InboxItem.ATTR_WEBHOOK),
                text(item, InboxItem.ATTR_MODIFIED),
                text(item, InboxItem.ATTR_BODY_HASH),
                body,
                received(item.get(InboxItem.ATTR_RECEIVED)),
                text(item, InboxItem.ATTR_SOURCE),
                text(item, InboxItem.ATTR_AGAIN));
    }

    /** ISO text as the receiver writes it; epoch seconds or milliseconds are read too. */
    private static Instant received(AttributeValue value) {
        if (value == null) {
            return null;
        }
        if (value.s() != null) {
            return Instant.parse(value.s());
        }
        if (value.n() != null) {
            long n = Long.parseLong(value.n());
            return n > 100_000_000_000L ? Instant.ofEpochMilli(n) : Instant.ofEpochSecond(n);
        }
        return null;
    }

    /**
     * The raw body of an inbox item, from whichever attribute holds it: {@code body} (string)
     * or {@code bodyGzip} (binary). Works with attribute values from any source (SDK or a
     * stream event), which is why it takes plain values.
     */
    public static String bodyOf(String inlineBody, byte[] gzipBody) {
        if (gzipBody != null) {
            return new String(Gzip.decompress(gzipBody), StandardCharsets.UTF_8);
        }
        if (inlineBody == null) {
            throw new IllegalArgumentException("inbox item has neither a body nor a bodyGzip attribute");
        }
        return inlineBody;
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static void putIfPresent(Map<String, AttributeValue> attributes, String name, String value) {
        if (value != null && !value.isEmpty()) {
            attributes.put(name, AttributeValue.fromS(value));
        }
    }
}

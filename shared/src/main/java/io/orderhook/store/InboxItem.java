package io.orderhook.store;

import java.time.Instant;

/**
 * One accepted webhook delivery, waiting in the inbox for the order processor.
 * Written once by the receiver with a conditional put (the key de-duplicates); its stream
 * INSERT drives the processor.
 *
 * <pre>
 * PK  SHOP#{shopId}#ORDER#{orderId}
 * SK  EVENT#{modifiedGmt}#{bodyHash}
 * </pre>
 *
 * The attribute names below are the contract between the receiver (writes through the
 * SDK) and the processor (reads stream images).
 *
 * @param shopId      the shop the webhook URL named
 * @param orderId     the order id from the body
 * @param topic       {@code X-WC-Webhook-Topic}: order.created, order.updated, order.deleted, order.restored
 * @param deliveryId  {@code X-WC-Webhook-Delivery-ID} (not unique: for tracing only)
 * @param webhookId   {@code X-WC-Webhook-ID}
 * @param modifiedGmt the body's {@code date_modified_gmt} as sent (UTC, no zone suffix), or the
 *                    receive time for bodies without one ({@code order.deleted})
 * @param bodyHash    lowercase hex SHA-256 of the raw body
 * @param body        the raw JSON body (UTF-8)
 * @param receivedAt  when the receiver stored it
 * @param source      {@link #SOURCE_WEBHOOK} (a delivery) or {@link #SOURCE_SWEEP} (the shop's order list
 *                    showed a change no delivery brought)
 * @param again       null, or the receive time (epoch milliseconds) of a body the order had before and
 *                    came back to within the same second, after another body: a change of its own
 *                    (see {@link InboxStore#put})
 */
public record InboxItem(
        String shopId,
        String orderId,
        String topic,
        String deliveryId,
        String webhookId,
        String modifiedGmt,
        String bodyHash,
        String body,
        Instant receivedAt,
        String source,
        String again) {

    public static final String SK_PREFIX = "EVENT#";

    public static final String ATTR_SHOP = "shopId";
    public static final String ATTR_ORDER = "orderId";
    public static final String ATTR_TOPIC = "topic";
    public static final String ATTR_DELIVERY = "deliveryId";
    public static final String ATTR_WEBHOOK = "webhookId";
    public static final String ATTR_MODIFIED = "modifiedGmt";
    public static final String ATTR_BODY_HASH = "bodyHash";
    /** The body as a string attribute when it is small enough. */
    public static final String ATTR_BODY = "body";
    /** The body gzip-compressed, as a binary attribute, when it is large (instead of {@link #ATTR_BODY}). */
    public static final String ATTR_BODY_GZIP = "bodyGzip";
    public static final String ATTR_RECEIVED = "receivedAt";
    /** "INBOX": lets stream consumers and filters tell inbox inserts from other items. */
    public static final String ATTR_TYPE = "type";
    public static final String TYPE = "INBOX";
    /** Where the item came from; items stored before it was written came from deliveries. */
    public static final String ATTR_SOURCE = "source";
    public static final String SOURCE_WEBHOOK = "webhook";
    public static final String SOURCE_SWEEP = "sweep";
    /** Set only on a change back to an earlier body of the same second ({@code again}). */
    public static final String ATTR_AGAIN = "again";
    private static final String AGAIN_SEPARATOR = "#again-";

    public InboxItem {
        source = source == null ? SOURCE_WEBHOOK : source;
    }

    /** An item of any source, not a change back. */
    public InboxItem(String shopId, String orderId, String topic, String deliveryId, String webhookId, String modifiedGmt,
                     String bodyHash, String body, Instant receivedAt, String source) {
        this(shopId, orderId, topic, deliveryId, webhookId, modifiedGmt, bodyHash, body, receivedAt, source, null);
    }

    /** A delivery's item. */
    public InboxItem(String shopId, String orderId, String topic, String deliveryId, String webhookId, String modifiedGmt,
                     String bodyHash, String body, Instant receivedAt) {
        this(shopId, orderId, topic, deliveryId, webhookId, modifiedGmt, bodyHash, body, receivedAt, SOURCE_WEBHOOK);
    }

    /** The prefix of the sort keys of every item of one order version ({@code date_modified_gmt}), whatever its body. */
    public static String versionPrefix(String modifiedGmt) {
        return SK_PREFIX + modifiedGmt + "#";
    }

    public static String partitionKey(String shopId, String orderId) {
        return "SHOP#" + shopId + "#ORDER#" + orderId;
    }

    public String partitionKey() {
        return partitionKey(shopId, orderId);
    }

    public String sortKey() {
        return versionPrefix(modifiedGmt) + bodyHash + (again == null ? "" : AGAIN_SEPARATOR + again);
    }

    /** This item as a change back to its body, kept apart from the earlier item of the same body. */
    public InboxItem asChangeBack() {
        return new InboxItem(shopId, orderId, topic, deliveryId, webhookId, modifiedGmt, bodyHash, body, receivedAt, source,
                Long.toString(receivedAt.toEpochMilli()));
    }
}

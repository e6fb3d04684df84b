package io.orderhook.store;

import static io.orderhook.store.Attributes.putInstant;
import static io.orderhook.store.Attributes.putN;
import static io.orderhook.store.Attributes.putS;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Order notes ({@code NOTE#{ts}#{seq}} in the order's partition). A note is stored before it
 * is sent to the shop; until the shop accepted it, it carries the sparse keys of the
 * {@code outbox} index so that the outbox dispatcher finds it by its next attempt time.
 * A note may carry the order change that goes with it (the failure status, provider numbers
 * as order meta), sent to the shop before the note itself.
 */
public final class NoteStore {
    public static final String SK_PREFIX = "NOTE#";
    public static final String TYPE = "NOTE";
    /** The one partition of the outbox index: undelivered notes are rare (shop outages). */
    public static final String OUTBOX_PARTITION = "OUTBOX";

    private final DynamoDbClient dynamo;
    private final String table;

    public NoteStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public enum Level { INFO, WARNING, ERROR }

    /**
     * @param sortKey       {@code NOTE#{ts}#{seq}}
     * @param text          the note as the merchant reads it
     * @param customerNote  WooCommerce e-mails customer notes to the customer
     * @param setStatus     the order status to set with this note, or null
     * @param statusIfStill set {@code setStatus} only while the order still has this status (the status of
     *                      the version whose step failed): a late write must not overwrite a newer status
     *                      the merchant set meanwhile; null sets it unconditionally
     * @param meta          order meta entries to write with this note
     * @param delivered     the shop accepted the note
     * @param orderUpdated  the status/meta part was accepted (not sent again)
     * @param attempts      delivery attempts so far
     * @param nextAttemptAt when the outbox may try (again)
     * @param shopNoteId    the shop's id of the note once delivered
     * @param lastError     why the last attempt failed, or null
     * @param rejected      the shop refused the note for good (e.g. the order was deleted): not retried
     */
    public record Note(String shopId, String orderId, String sortKey, Instant createdAt, String text, Level level,
            boolean customerNote, String setStatus, String statusIfStill, Map<String, String> meta, boolean delivered,
            boolean orderUpdated, int attempts, Instant nextAttemptAt, String shopNoteId, String lastError,
            boolean rejected) {

        public Note {
            meta = Map.copyOf(meta);
        }

        /**
         * A new undelivered note.
         *
         * @param firstOutboxAttempt when the outbox may pick it up if the processor's own
         *                           immediate delivery did not succeed
         */
        public static Note create(String shopId, String orderId, Instant now, String text, Level level,
                boolean customerNote, String setStatus, Map<String, String> meta, Instant firstOutboxAttempt) {
            return create(shopId, orderId, now, text, level, customerNote, setStatus, null, meta, firstOutboxAttempt);
        }

        /** A new undelivered note whose status is set only while the order still has {@code statusIfStill}. */
        public static Note create(String shopId, String orderId, Instant now, String text, Level level,
                boolean customerNote, String setStatus, String statusIfStill, Map<String, String> meta,
                Instant firstOutboxAttempt) {
            return new Note(shopId, orderId, SortKeys.next(SK_PREFIX, now), now, text, level, customerNote, setStatus,
                    statusIfStill, meta, false, setStatus == null && meta.isEmpty(), 0, firstOutboxAttempt, null, null,
                    false);
        }

        public boolean hasOrderUpdate() {
            return setStatus != null || !meta.isEmpty();
        }

        public boolean awaitingDelivery() {
            return !delivered && !rejected;
        }

        /**
         * The status part is dropped (the merchant changed the order since the step failed); the
         * note says so, and its meta, if any, is still written.
         */
        public Note withoutStatus(String explanation) {
            return new Note(shopId, orderId, sortKey, createdAt, text + " " + explanation, level, customerNote, null,
                    null, meta, delivered, meta.isEmpty(), attempts, nextAttemptAt, shopNoteId, lastError, rejected);
        }

        public Note withOrderUpdated() {
            return new Note(shopId, orderId, sortKey, createdAt, text, level, customerNote, setStatus, statusIfStill, meta, delivered,
                    true, attempts, nextAttemptAt, shopNoteId, lastError, rejected);
        }

        /** The shop did not accept the order change for good; the note says so instead. */
        public Note withOrderUpdateRefused(String explanation) {
            return new Note(shopId, orderId, sortKey, createdAt, text + " " + explanation, level, customerNote,
                    setStatus, statusIfStill, meta, delivered, true, attempts, nextAttemptAt, shopNoteId, lastError, rejected);
        }

        /** Another status to write in place of one the shop refused; the note says why. */
        public Note withStatusInstead(String status, String explanation) {
            return new Note(shopId, orderId, sortKey, createdAt, text + " " + explanation, level, customerNote, status,
                    statusIfStill, meta, delivered, false, attempts, nextAttemptAt, shopNoteId, lastError, rejected);
        }

        public Note deliveredAs(String noteId) {
            return new Note(shopId, orderId, sortKey, createdAt, text, level, customerNote, setStatus, statusIfStill, meta, true,
                    orderUpdated, attempts + 1, nextAttemptAt, noteId, null, false);
        }

        public Note retryAt(Instant next, String reason) {
            return new Note(shopId, orderId, sortKey, createdAt, text, level, customerNote, setStatus, statusIfStill, meta, false,
                    orderUpdated, attempts + 1, next, shopNoteId, reason, false);
        }

        public Note rejectedBecause(String reason) {
            return new Note(shopId, orderId, sortKey, createdAt, text, level, customerNote, setStatus, statusIfStill, meta, false,
                    orderUpdated, attempts + 1, nextAttemptAt, shopNoteId, reason, true);
        }
    }

    /** The order's notes, oldest first. */
    public List<Note> forOrder(String shopId, String orderId) {
        return Attributes.partition(dynamo, table, InboxItem.partitionKey(shopId, orderId), SK_PREFIX)
                .map(NoteStore::fromItem).toList();
    }

    /** Undelivered notes whose next attempt is due, oldest due first (the outbox index). */
    /**
     * Every note of the shop the shop has not accepted yet (due now or later), at most {@code limit}
     * of all shops read: what an operator's status shows.
     */
    public List<Note> awaitingDelivery(String shopId, int limit) {
        return due(Instant.parse("9999-12-31T00:00:00Z"), limit).stream().filter(n -> n.shopId().equals(shopId)).toList();
    }

    public List<Note> due(Instant now, int limit) {
        QueryResponse page = dynamo.query(b -> b.tableName(table).indexName(TableDefinition.OUTBOX_INDEX)
                .keyConditionExpression("#pk = :pk AND #sk <= :now")
                .expressionAttributeNames(Map.of("#pk", TableDefinition.OUTBOX_PK, "#sk", TableDefinition.OUTBOX_SK))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(OUTBOX_PARTITION),
                        ":now", AttributeValue.fromS(SortKeys.time(now) + "#~")))
                .limit(limit));
        return page.items().stream().map(NoteStore::fromItem).toList();
    }

    /**
     * Takes a due note for one delivery attempt, so two dispatchers never send it twice: moves
     * its next attempt to {@code until} if nobody else has touched it since it was read.
     */
    public boolean claim(Note note, Instant until) {
        Note claimed = new Note(note.shopId(), note.orderId(), note.sortKey(), note.createdAt(), note.text(),
                note.level(), note.customerNote(), note.setStatus(), note.statusIfStill(), note.meta(), false,
                note.orderUpdated(),
                note.attempts(), until, note.shopNoteId(), note.lastError(), false);
        try {
            dynamo.putItem(b -> b.tableName(table).item(toItem(claimed))
                    .conditionExpression("#a = :a AND #d = :f AND #next = :next")
                    .expressionAttributeNames(Map.of("#a", "attempts", "#d", "delivered", "#next", "nextAttemptAt"))
                    .expressionAttributeValues(Map.of(":a", AttributeValue.fromN(Integer.toString(note.attempts())),
                            ":f", AttributeValue.fromBool(false),
                            ":next", AttributeValue.fromS(note.nextAttemptAt().toString()))));
            return true;
        } catch (ConditionalCheckFailedException taken) {
            return false;
        }
    }

    /** Stores the notes' delivery outcomes and the log entries of the attempt in one request. */
    public void record(List<Note> notes, List<DebugLogStore.LogEntry> logs) {
        if (notes.isEmpty() && logs.isEmpty()) {
            return;
        }
        if (notes.size() == 1 && logs.isEmpty()) {
            dynamo.putItem(b -> b.tableName(table).item(toItem(notes.get(0))));
            return;
        }
        List<TransactWriteItem> items = new ArrayList<>();
        notes.forEach(n -> items.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(toItem(n)).build()).build()));
        logs.forEach(l -> items.add(DebugLogStore.putRequest(table, l)));
        dynamo.transactWriteItems(b -> b.transactItems(items));
    }

    static TransactWriteItem putRequest(String table, Note note) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(toItem(note)).build()).build();
    }

    static Map<String, AttributeValue> toItem(Note n) {
        String pk = InboxItem.partitionKey(n.shopId(), n.orderId());
        Map<String, AttributeValue> item = new HashMap<>(Attributes.key(pk, n.sortKey()));
        item.put("type", AttributeValue.fromS(TYPE));
        putS(item, InboxItem.ATTR_SHOP, n.shopId());
        putS(item, InboxItem.ATTR_ORDER, n.orderId());
        putInstant(item, "createdAt", n.createdAt());
        putS(item, "text", n.text());
        putS(item, "level", n.level().name());
        item.put("customerNote", AttributeValue.fromBool(n.customerNote()));
        putS(item, "setStatus", n.setStatus());
        putS(item, "statusIfStill", n.statusIfStill());
        item.put("meta", Attributes.map(n.meta()));
        item.put("delivered", AttributeValue.fromBool(n.delivered()));
        item.put("orderUpdated", AttributeValue.fromBool(n.orderUpdated()));
        putN(item, "attempts", n.attempts());
        putInstant(item, "nextAttemptAt", n.nextAttemptAt());
        putS(item, "shopNoteId", n.shopNoteId());
        putS(item, "lastError", n.lastError());
        item.put("rejected", AttributeValue.fromBool(n.rejected()));
        if (n.awaitingDelivery()) {
            item.put(TableDefinition.OUTBOX_PK, AttributeValue.fromS(OUTBOX_PARTITION));
            item.put(TableDefinition.OUTBOX_SK, AttributeValue.fromS(SortKeys.time(n.nextAttemptAt()) + "#" + pk + "#" + n.sortKey()));
        }
        return item;
    }

    static Note fromItem(Map<String, AttributeValue> item) {
        return new Note(Attributes.s(item, InboxItem.ATTR_SHOP), Attributes.s(item, InboxItem.ATTR_ORDER),
                Attributes.s(item, TableDefinition.SK), Attributes.instant(item, "createdAt"), Attributes.s(item, "text"),
                Level.valueOf(Attributes.s(item, "level")), Attributes.bool(item, "customerNote"),
                Attributes.s(item, "setStatus"), Attributes.s(item, "statusIfStill"), Attributes.stringMap(item, "meta"), Attributes.bool(item, "delivered"),
                Attributes.bool(item, "orderUpdated"), (int) Attributes.n(item, "attempts"),
                Attributes.instant(item, "nextAttemptAt"), Attributes.s(item, "shopNoteId"),
                Attributes.s(item, "lastError"), Attributes.bool(item, "rejected"));
    }
}

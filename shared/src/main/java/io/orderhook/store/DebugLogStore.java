package io.orderhook.store;

import static io.orderhook.store.Attributes.putInstant;
import static io.orderhook.store.Attributes.putN;
import static io.orderhook.store.Attributes.putS;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The order's debug log ({@code LOG#{ts}#{seq}} in the order's partition): one entry per
 * provider or shop call, redacted, expiring through the table's TTL attribute. Entries are
 * only created when the shop's {@code debugLog} setting is on (see {@link #entry}).
 */
public final class DebugLogStore {
    public static final String SK_PREFIX = "LOG#";
    public static final String TYPE = "LOG";
    public static final int DEFAULT_TTL_DAYS = 14;

    private final DynamoDbClient dynamo;
    private final String table;

    public DebugLogStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /**
     * @param step      the idempotency key of the step the call belongs to, or what the call was for
     * @param call      "billmate.activate", "shop.addNote", ...
     * @param request   what was asked, redacted
     * @param response  what came back, redacted
     * @param outcome   done, refused, transient, unavailable, ...
     * @param expiresAt epoch seconds for the table's TTL
     */
    public record LogEntry(String shopId, String orderId, String sortKey, Instant at, String step, String call,
            String request, String response, long durationMs, String outcome, long expiresAt) {}

    /** A redacted entry living {@code ttlDays} (14 when not positive). */
    public static LogEntry entry(String shopId, String orderId, Instant at, int ttlDays, String step, String call,
            String request, String response, Duration duration, String outcome) {
        int days = ttlDays > 0 ? ttlDays : DEFAULT_TTL_DAYS;
        return new LogEntry(shopId, orderId, SortKeys.next(SK_PREFIX, at), at, step, call, LogRedaction.redact(request),
                LogRedaction.redact(response), duration.toMillis(), outcome, at.plus(Duration.ofDays(days)).getEpochSecond());
    }

    /** Writes entries on their own (one request; used when nothing else is written with them). */
    public void write(List<LogEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        if (entries.size() == 1) {
            dynamo.putItem(b -> b.tableName(table).item(toItem(entries.get(0))));
            return;
        }
        for (int from = 0; from < entries.size(); from += 25) {
            List<TransactWriteItem> items = new ArrayList<>();
            entries.subList(from, Math.min(entries.size(), from + 25)).forEach(e -> items.add(putRequest(table, e)));
            dynamo.transactWriteItems(b -> b.transactItems(items));
        }
    }

    /** The order's log entries, oldest first. */
    public List<LogEntry> forOrder(String shopId, String orderId) {
        return Attributes.partition(dynamo, table, InboxItem.partitionKey(shopId, orderId), SK_PREFIX)
                .map(DebugLogStore::fromItem).toList();
    }

    static TransactWriteItem putRequest(String table, LogEntry entry) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(toItem(entry)).build()).build();
    }

    static Map<String, AttributeValue> toItem(LogEntry e) {
        Map<String, AttributeValue> item = new HashMap<>(Attributes.key(InboxItem.partitionKey(e.shopId(), e.orderId()), e.sortKey()));
        item.put("type", AttributeValue.fromS(TYPE));
        putS(item, InboxItem.ATTR_SHOP, e.shopId());
        putS(item, InboxItem.ATTR_ORDER, e.orderId());
        putInstant(item, "at", e.at());
        putS(item, "step", e.step());
        putS(item, "call", e.call());
        putS(item, "request", e.request());
        putS(item, "response", e.response());
        putN(item, "durationMs", e.durationMs());
        putS(item, "outcome", e.outcome());
        putN(item, TableDefinition.TTL, e.expiresAt());
        return item;
    }

    static LogEntry fromItem(Map<String, AttributeValue> item) {
        return new LogEntry(Attributes.s(item, InboxItem.ATTR_SHOP), Attributes.s(item, InboxItem.ATTR_ORDER),
                Attributes.s(item, TableDefinition.SK), Attributes.instant(item, "at"), Attributes.s(item, "step"),
                Attributes.s(item, "call"), Attributes.s(item, "request"), Attributes.s(item, "response"),
                Attributes.n(item, "durationMs"), Attributes.s(item, "outcome"), Attributes.n(item, TableDefinition.TTL));
    }
}

package io.orderhook.store;

import static io.orderhook.store.Attributes.instant;
import static io.orderhook.store.Attributes.n;
import static io.orderhook.store.Attributes.putInstant;
import static io.orderhook.store.Attributes.putN;
import static io.orderhook.store.Attributes.putS;
import static io.orderhook.store.Attributes.s;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * The orders the processor gave up on, one partition per shop so that the operator lists a
 * shop's with one query, and the processor's failed attempts per inbox item, which say why and
 * how often when it gives up (the stream's failure destination only names sequence numbers).
 *
 * <pre>
 * PK  FAILED#{shopId}                   SK  {orderId}               a failed order
 * PK  SHOP#{shopId}#ORDER#{orderId}     SK  ATTEMPTS#{inbox SK}     attempts at one change (expires)
 * </pre>
 */
public final class FailedOrderStore {
    public static final String TYPE = "FAILED";
    static final String ATTEMPTS_PREFIX = "ATTEMPTS#";
    /** Longer than the stream keeps a record (24 hours), so a give-up always finds its attempts. */
    static final Duration ATTEMPTS_KEPT = Duration.ofDays(2);

    private final DynamoDbClient dynamo;
    private final String table;

    public FailedOrderStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public static String partitionKey(String shopId) {
        return "FAILED#" + shopId;
    }

    /** How often the processor tried one change, and the last error. */
    public record Attempts(int count, String lastError) {}

    /** Counts a failed attempt at {@code item}'s change, with its error. */
    public void recordAttempt(InboxItem item, String error, Instant at) {
        dynamo.updateItem(b -> b.tableName(table)
                .key(Attributes.key(item.partitionKey(), ATTEMPTS_PREFIX + item.sortKey()))
                .updateExpression("ADD #count :one SET #error = :error, #at = :at, #ttl = :ttl")
                .expressionAttributeNames(Map.of("#count", "attempts", "#error", "lastError", "#at", "lastAttemptAt",
                        "#ttl", TableDefinition.TTL))
                .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"),
                        ":error", AttributeValue.fromS(error == null || error.isBlank() ? "no reason given" : error),
                        ":at", AttributeValue.fromS(at.toString()),
                        ":ttl", AttributeValue.fromN(Long.toString(at.plus(ATTEMPTS_KEPT).getEpochSecond())))));
    }

    /** The attempts recorded for {@code item}'s change, if any failed. */
    public Optional<Attempts> attempts(InboxItem item) {
        Map<String, AttributeValue> found = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Attributes.key(item.partitionKey(), ATTEMPTS_PREFIX + item.sortKey()))).item();
        return found == null || found.isEmpty() ? Optional.empty()
                : Optional.of(new Attempts((int) n(found, "attempts"), s(found, "lastError")));
    }

    /** Stores a failed order; a later give-up of the same order replaces it. */
    public void put(FailedOrder failed) {
        Map<String, AttributeValue> item = new HashMap<>(Attributes.key(partitionKey(failed.shopId()), failed.orderId()));
        item.put("type", AttributeValue.fromS(TYPE));
        putS(item, InboxItem.ATTR_SHOP, failed.shopId());
        putS(item, InboxItem.ATTR_ORDER, failed.orderId());
        putInstant(item, "failedAt", failed.failedAt());
        putS(item, "reason", failed.reason());
        putN(item, "attempts", failed.attempts());
        putS(item, "statusBefore", failed.statusBefore());
        dynamo.putItem(b -> b.tableName(table).item(item));
    }

    /** The shop's failed orders, in order id order (as text). */
    public List<FailedOrder> list(String shopId) {
        return Attributes.partition(dynamo, table, partitionKey(shopId), null).map(FailedOrderStore::fromItem).toList();
    }

    public Optional<FailedOrder> find(String shopId, String orderId) {
        Map<String, AttributeValue> found = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Attributes.key(partitionKey(shopId), orderId))).item();
        return found == null || found.isEmpty() ? Optional.empty() : Optional.of(fromItem(found));
    }

    /** How many of the shop's orders are failed (a count, no items read out). */
    public int count(String shopId) {
        int[] total = {0};
        dynamo.queryPaginator(b -> b.tableName(table).consistentRead(true).select(Select.COUNT)
                        .keyConditionExpression("#pk = :pk")
                        .expressionAttributeNames(Map.of("#pk", TableDefinition.PK))
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(partitionKey(shopId)))))
                .forEach(page -> total[0] += page.count());
        return total[0];
    }

    /** Removes a failed order (once a redrive finished it); removing one that is gone is no error. */
    public void delete(String shopId, String orderId) {
        dynamo.deleteItem(b -> b.tableName(table).key(Attributes.key(partitionKey(shopId), orderId)));
    }

    private static FailedOrder fromItem(Map<String, AttributeValue> item) {
        return new FailedOrder(s(item, InboxItem.ATTR_SHOP), s(item, InboxItem.ATTR_ORDER), instant(item, "failedAt"),
                s(item, "reason"), (int) n(item, "attempts"), s(item, "statusBefore"));
    }
}

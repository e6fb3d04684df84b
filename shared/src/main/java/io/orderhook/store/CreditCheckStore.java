package io.orderhook.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.orderhook.credit.CreditCheck;
import io.orderhook.store.NoteStore.Note;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Orders' credit checks ({@link CreditCheckItem}) and the shop's failed checks, the merchant's
 * alert list ({@code PK = CREDIT#{shop}}, {@code SK = FAILED#{order}}, until the merchant deals
 * with the order). A check is written with its notes in one transaction, on the condition that
 * nobody wrote it since it was read: the claim that makes each lookup happen once.
 */
public final class CreditCheckStore {
    static final String SHOP_PREFIX = "CREDIT#";
    static final String FAILED_PREFIX = "FAILED#";

    private final DynamoDbClient dynamo;
    private final String table;

    public CreditCheckStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** A failed check as the shop's alert list keeps it. */
    public record FailedCheck(String orderId, List<String> reasons, String decidedAt) {}

    public Optional<CreditCheck> find(String shopId, String orderId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Attributes.key(InboxItem.partitionKey(shopId, orderId), CreditCheckItem.SK))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(CreditCheckItem.fromItem(item));
    }

    /**
     * Writes the check with its notes (and, when it failed, its alert entry) if it is still the
     * version that was read.
     *
     * @return the check as stored, or empty when another run wrote it first
     */
    public Optional<CreditCheck> save(CreditCheck check, List<Note> notes) {
        long next = check.version() + 1;
        Put.Builder put = Put.builder().tableName(table).item(CreditCheckItem.toItem(check, next));
        if (check.version() == 0) {
            put.conditionExpression("attribute_not_exists(#pk)").expressionAttributeNames(Map.of("#pk", TableDefinition.PK));
        } else {
            put.conditionExpression("#v = :v").expressionAttributeNames(Map.of("#v", "version"))
                    .expressionAttributeValues(Map.of(":v", AttributeValue.fromN(Long.toString(check.version()))));
        }
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(TransactWriteItem.builder().put(put.build()).build());
        notes.forEach(n -> items.add(NoteStore.putRequest(table, n)));
        if (check.state() == CreditCheck.State.FAILED) {
            items.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(failedItem(check)).build()).build());
        }
        try {
            dynamo.transactWriteItems(b -> b.transactItems(items));
        } catch (TransactionCanceledException e) {
            if (e.cancellationReasons().stream().anyMatch(r -> "ConditionalCheckFailed".equals(r.code()))) {
                return Optional.empty();
            }
            throw e;
        }
        return Optional.of(check.withVersion(next));
    }

    /** The shop's failed checks that still stand, oldest order id first. */
    public List<FailedCheck> failed(String shopId) {
        return Attributes.partition(dynamo, table, SHOP_PREFIX + shopId, FAILED_PREFIX)
                .map(i -> new FailedCheck(Attributes.s(i, InboxItem.ATTR_ORDER), Attributes.strings(i, "reasons"),
                        Attributes.s(i, "decidedAt")))
                .toList();
    }

    /** The merchant dealt with a failed order (moved it on by hand): it leaves the alert list. */
    public void clearFailed(String shopId, String orderId) {
        dynamo.deleteItem(b -> b.tableName(table).key(Attributes.key(SHOP_PREFIX + shopId, FAILED_PREFIX + orderId)));
    }

    private static Map<String, AttributeValue> failedItem(CreditCheck check) {
        Map<String, AttributeValue> item = new HashMap<>(Attributes.key(SHOP_PREFIX + check.shopId(),
                FAILED_PREFIX + check.orderId()));
        item.put("type", AttributeValue.fromS("CREDIT_FAILED"));
        Attributes.putS(item, InboxItem.ATTR_ORDER, check.orderId());
        item.put("reasons", Attributes.list(check.reasons().stream().map(r -> r.wireName()).toList()));
        Attributes.putInstant(item, "decidedAt", check.decidedAt());
        return item;
    }
}

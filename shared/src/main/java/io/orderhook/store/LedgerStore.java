package io.orderhook.store;

import static io.orderhook.store.Attributes.putInstant;
import static io.orderhook.store.Attributes.putN;
import static io.orderhook.store.Attributes.putS;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.orderhook.ledger.LedgerEntry;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The order's payment ledger ({@code LEDGER#{ts}#{seq}} in the order's partition). Entries are
 * only ever added, in the same transaction as the state of the step they record
 * ({@link OrderStateStore#save(io.orderhook.lifecycle.OrderState, List, List, List)}), and carry no
 * expiry: the ledger lives as long as the order.
 */
public final class LedgerStore {
    public static final String SK_PREFIX = "LEDGER#";
    public static final String TYPE = "LEDGER";

    private final DynamoDbClient dynamo;
    private final String table;

    public LedgerStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** The order's ledger, oldest first. */
    public List<LedgerEntry> forOrder(String shopId, String orderId) {
        return Attributes.partition(dynamo, table, InboxItem.partitionKey(shopId, orderId), SK_PREFIX)
                .map(LedgerStore::fromItem).toList();
    }

    static TransactWriteItem putRequest(String table, String shopId, String orderId, LedgerEntry entry) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(toItem(shopId, orderId, entry))
                .conditionExpression("attribute_not_exists(#pk)").expressionAttributeNames(Map.of("#pk", TableDefinition.PK))
                .build()).build();
    }

    static Map<String, AttributeValue> toItem(String shopId, String orderId, LedgerEntry e) {
        Map<String, AttributeValue> item = new HashMap<>();
        putS(item, TableDefinition.PK, InboxItem.partitionKey(shopId, orderId));
        putS(item, TableDefinition.SK, SortKeys.next(SK_PREFIX, e.at()));
        putS(item, "type", TYPE);
        putInstant(item, "at", e.at());
        putS(item, "operation", e.operation().name());
        putN(item, "amount", e.amount());
        putS(item, "currency", e.currency());
        putS(item, "result", e.result().name());
        putS(item, "code", e.code());
        putS(item, "reference", e.reference());
        putS(item, "stepKey", e.stepKey());
        putS(item, "refundId", e.refundId());
        putS(item, "provider", e.provider());
        putS(item, "detail", e.detail());
        return item;
    }

    static LedgerEntry fromItem(Map<String, AttributeValue> item) {
        return new LedgerEntry(Attributes.instant(item, "at"), LedgerEntry.Operation.valueOf(Attributes.s(item, "operation")),
                Attributes.n(item, "amount"), Attributes.s(item, "currency"),
                LedgerEntry.Result.valueOf(Attributes.s(item, "result")), Attributes.s(item, "code"),
                Attributes.s(item, "reference"), Attributes.s(item, "stepKey"), Attributes.s(item, "refundId"),
                Attributes.s(item, "provider"), Attributes.s(item, "detail"));
    }
}

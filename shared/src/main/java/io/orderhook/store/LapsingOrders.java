package io.orderhook.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A shop's reserved orders by the time their authorisation lapses, read from the sparse index
 * {@code expiry} ({@link ExpiryKeys}): a query of one partition, never a scan of the table. Index
 * reads are eventually consistent: an order written a moment ago may show in the next read.
 */
public final class LapsingOrders {

    /**
     * One reserved order of the index.
     *
     * @param warned the merchant has been warned about this lapse time
     */
    public record Lapsing(String shopId, String orderId, Instant lapsesAt, boolean warned) {}

    private final DynamoDbClient dynamo;
    private final String table;

    public LapsingOrders(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** The shop's orders, warned or not as asked, lapsing at or before {@code upTo} (null: all), soonest first. */
    public List<Lapsing> list(String shopId, boolean warned, Instant upTo) {
        String prefix = "SHOP#" + shopId + "#ORDER#";
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":pk",
                AttributeValue.fromS(ExpiryKeys.partition(shopId, warned))));
        String condition = "#pk = :pk";
        Map<String, String> names = new HashMap<>(Map.of("#pk", TableDefinition.EXPIRY_PK));
        if (upTo != null) {
            condition += " AND #sk < :upper";
            names.put("#sk", TableDefinition.EXPIRY_SK);
            values.put(":upper", AttributeValue.fromS(ExpiryKeys.before(upTo)));
        }
        String keyCondition = condition;
        List<Lapsing> found = new ArrayList<>();
        dynamo.queryPaginator(b -> b.tableName(table).indexName(TableDefinition.EXPIRY_INDEX)
                .keyConditionExpression(keyCondition).expressionAttributeNames(names).expressionAttributeValues(values))
                .items().forEach(item -> {
                    String sk = item.get(TableDefinition.EXPIRY_SK).s();
                    String pk = item.get(TableDefinition.PK).s();
                    found.add(new Lapsing(shopId, pk.substring(prefix.length()), Instant.parse(sk.substring(0, sk.indexOf('#'))),
                            warned));
                });
        return found;
    }
}

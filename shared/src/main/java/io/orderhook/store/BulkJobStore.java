package io.orderhook.store;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.orderhook.bulk.BulkJob;
import io.orderhook.bulk.OrderAction;
import io.orderhook.bulk.OrderAction.Outcome;
import io.orderhook.bulk.OrderAction.Result;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Bulk jobs, item {@code SHOP#{shopId}#BULK} / {@code {jobId}}: the orders and each one's outcome
 * in one item, written only if its version is still the one read (two pollers advancing the same
 * job never lose each other's results: the loser's orders are done again and found already done).
 * Jobs expire after a week through the table's TTL.
 */
public final class BulkJobStore {
    public static final String TYPE = "BULK";
    static final Duration LIFETIME = Duration.ofDays(7);

    private final DynamoDbClient dynamo;
    private final String table;

    public BulkJobStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public static String partitionKey(String shopId) {
        return "SHOP#" + shopId + "#BULK";
    }

    public Optional<BulkJob> find(String shopId, String jobId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Attributes.key(partitionKey(shopId), jobId))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(job(item));
    }

    /**
     * Stores the job if nobody wrote it since it was read; answers it with its new version, or
     * empty when another writer came first.
     */
    public Optional<BulkJob> save(BulkJob job) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(TableDefinition.PK, AttributeValue.fromS(partitionKey(job.shopId())));
        item.put(TableDefinition.SK, AttributeValue.fromS(job.jobId()));
        Attributes.putS(item, "type", TYPE);
        Attributes.putS(item, "shopId", job.shopId());
        Attributes.putS(item, "action", job.action().wireName());
        item.put("orderIds", Attributes.list(job.orderIds()));
        Attributes.putN(item, "concurrency", job.concurrency());
        Map<String, AttributeValue> results = new HashMap<>();
        job.results().forEach((id, r) -> results.put(id, AttributeValue.fromM(Map.of(
                "outcome", AttributeValue.fromS(r.outcome().wireName()), "detail", AttributeValue.fromS(r.detail())))));
        item.put("results", AttributeValue.fromM(results));
        Attributes.putInstant(item, "createdAt", job.createdAt());
        Attributes.putN(item, "version", job.version() + 1);
        Attributes.putN(item, TableDefinition.TTL, job.createdAt().plus(LIFETIME).getEpochSecond());
        try {
            dynamo.putItem(b -> b.tableName(table).item(item)
                    .conditionExpression(job.version() == 0 ? "attribute_not_exists(#pk)" : "#v = :v")
                    .expressionAttributeNames(job.version() == 0 ? Map.of("#pk", TableDefinition.PK) : Map.of("#v", "version"))
                    .expressionAttributeValues(job.version() == 0 ? null
                            : Map.of(":v", AttributeValue.fromN(Long.toString(job.version())))));
            return Optional.of(job.with(List.of(), job.version() + 1));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    private static BulkJob job(Map<String, AttributeValue> item) {
        List<String> orders = Attributes.strings(item, "orderIds");
        Map<String, Result> results = new LinkedHashMap<>();
        Map<String, AttributeValue> stored = item.get("results").m();
        for (String id : orders) {
            AttributeValue r = stored.get(id);
            if (r != null) {
                results.put(id, new Result(id, Outcome.parse(r.m().get("outcome").s()), r.m().get("detail").s()));
            }
        }
        Instant created = Attributes.instant(item, "createdAt");
        return new BulkJob(Attributes.s(item, "shopId"),
                Attributes.s(item, TableDefinition.SK), OrderAction.parse(Attributes.s(item, "action")), orders,
                (int) Attributes.n(item, "concurrency"), results, created, Attributes.n(item, "version"));
    }
}

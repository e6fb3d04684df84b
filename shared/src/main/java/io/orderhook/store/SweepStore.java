package io.orderhook.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.orderhook.sweep.SweepState;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The sweep's state per shop, in one partition so that a status report reads every shop with one
 * query. The watermark only ever moves forward: two sweeps of one shop at once cannot set it back.
 *
 * <pre>
 * PK  SWEEP
 * SK  {shopId}
 * </pre>
 */
public final class SweepStore {
    public static final String PK = "SWEEP";
    public static final String TYPE = "SWEEP";

    private static final String WATERMARK = "watermark";
    private static final String LAST_RUN = "lastRunAt";
    private static final String LAST_OUTCOME = "lastOutcome";
    private static final String LAST_LISTED = "lastListed";
    private static final String LAST_CAUGHT_UP = "lastCaughtUp";
    private static final String CAUGHT_UP_TOTAL = "caughtUpTotal";
    private static final String WEBHOOK_STATUS = "webhookStatus";
    private static final String WEBHOOK_CHECKED = "webhookCheckedAt";

    private final DynamoDbClient dynamo;
    private final String tableName;

    public SweepStore(DynamoDbClient dynamo, String tableName) {
        this.dynamo = dynamo;
        this.tableName = tableName;
    }

    public Optional<SweepState> find(String shopId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(tableName).consistentRead(true)
                .key(key(shopId))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromAttributes(item));
    }

    /** Every shop the sweep has looked at, in id order. */
    public List<SweepState> all() {
        List<SweepState> states = new ArrayList<>();
        dynamo.queryPaginator(b -> b.tableName(tableName).consistentRead(true)
                        .keyConditionExpression("#pk = :pk")
                        .expressionAttributeNames(Map.of("#pk", TableDefinition.PK))
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(PK))))
                .items().forEach(item -> states.add(fromAttributes(item)));
        return states;
    }

    /** Moves the watermark to {@code watermarkGmt} unless it is already there or later. */
    public void advance(String shopId, String watermarkGmt) {
        try {
            dynamo.updateItem(b -> b.tableName(tableName).key(key(shopId))
                    .updateExpression("SET #w = :w, #t = :t")
                    .conditionExpression("attribute_not_exists(#w) OR #w < :w")
                    .expressionAttributeNames(Map.of("#w", WATERMARK, "#t", "type"))
                    .expressionAttributeValues(Map.of(":w", AttributeValue.fromS(watermarkGmt),
                            ":t", AttributeValue.fromS(TYPE))));
        } catch (ConditionalCheckFailedException alreadyThere) {
            // another run got as far or further
        }
    }

    /** The outcome of one run over the shop. */
    public void recordRun(String shopId, Instant at, String outcome, long listed, long caughtUp) {
        dynamo.updateItem(b -> b.tableName(tableName).key(key(shopId))
                .updateExpression("SET #t = :t, #run = :run, #out = :out, #listed = :listed, #caught = :caught "
                        + "ADD #total :caught")
                .expressionAttributeNames(Map.of("#t", "type", "#run", LAST_RUN, "#out", LAST_OUTCOME,
                        "#listed", LAST_LISTED, "#caught", LAST_CAUGHT_UP, "#total", CAUGHT_UP_TOTAL))
                .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(TYPE),
                        ":run", AttributeValue.fromS(at.toString()), ":out", AttributeValue.fromS(outcome),
                        ":listed", AttributeValue.fromN(Long.toString(listed)),
                        ":caught", AttributeValue.fromN(Long.toString(caughtUp)))));
    }

    /** orderhook's order webhook as found at {@code at}: active, paused, disabled or missing. */
    public void recordWebhook(String shopId, Instant at, String status) {
        dynamo.updateItem(b -> b.tableName(tableName).key(key(shopId))
                .updateExpression("SET #t = :t, #status = :status, #checked = :checked")
                .expressionAttributeNames(Map.of("#t", "type", "#status", WEBHOOK_STATUS, "#checked", WEBHOOK_CHECKED))
                .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(TYPE),
                        ":status", AttributeValue.fromS(status), ":checked", AttributeValue.fromS(at.toString()))));
    }

    private static Map<String, AttributeValue> key(String shopId) {
        Map<String, AttributeValue> key = new HashMap<>();
        key.put(TableDefinition.PK, AttributeValue.fromS(PK));
        key.put(TableDefinition.SK, AttributeValue.fromS(shopId));
        return key;
    }

    private static SweepState fromAttributes(Map<String, AttributeValue> item) {
        return new SweepState(item.get(TableDefinition.SK).s(), text(item, WATERMARK), instant(item, LAST_RUN),
                text(item, LAST_OUTCOME), number(item, LAST_LISTED), number(item, LAST_CAUGHT_UP),
                number(item, CAUGHT_UP_TOTAL), text(item, WEBHOOK_STATUS), instant(item, WEBHOOK_CHECKED));
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    private static Instant instant(Map<String, AttributeValue> item, String name) {
        String text = text(item, name);
        return text == null ? null : Instant.parse(text);
    }

    private static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
    }
}

package io.orderhook.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.orderhook.lifecycle.DeclineRetry;
import io.orderhook.lifecycle.OrderState;
import io.orderhook.lifecycle.Step;
import io.orderhook.testkit.DynamoDbLocal;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A waiting retry on the order's state, and the sparse index {@code due} the due-retries job reads. */
class DueRetryKeysTest {
    private static final Instant DUE = Instant.parse("2024-05-02T22:00:00Z");
    private final String table = DynamoDbLocal.shared().newTable("due", TableDefinition::create);
    private final DynamoDbClient dynamo = DynamoDbLocal.shared().client();
    private final OrderStateStore states = new OrderStateStore(dynamo, table);

    @Test
    void aWaitingRetryIsReadBackAsWrittenAndIsInTheDueIndexUntilItEnds() {
        DeclineRetry retry = new DeclineRetry(Step.StepKind.ACTIVATE, "s/7/activate/1714644930", 2, DUE, "failed", "completed");
        OrderState stored = states.save(OrderState.initial("s", "7").declinedForNow(retry));

        assertEquals(retry, states.load("s", "7").orElseThrow().retry());
        String pk = InboxItem.partitionKey("s", "7");
        assertEquals(List.of(pk), due(DueRetryKeys.shard(pk), DUE.plusSeconds(1)), "due at its time");
        assertEquals(List.of(), due(DueRetryKeys.shard(pk), DUE.minusSeconds(1)), "not due a second before");

        states.save(stored.withoutRetry());
        assertEquals(null, states.load("s", "7").orElseThrow().retry());
        assertEquals(List.of(), due(DueRetryKeys.shard(pk), DUE.plusSeconds(1)), "gone from the index once it ends");
    }

    @Test
    void ordersSpreadOverEveryShardOfTheIndex() {
        java.util.Set<String> shards = new java.util.TreeSet<>();
        for (int order = 1; order <= 200; order++) {
            shards.add(DueRetryKeys.shard(InboxItem.partitionKey("s", Integer.toString(order))));
        }
        assertEquals(DueRetryKeys.SHARDS, shards.size(), shards.toString());
        assertTrue(shards.stream().allMatch(s -> s.matches("DUE#[0-7]")), shards.toString());
    }

    private List<String> due(String shard, Instant now) {
        return dynamo.query(b -> b.tableName(table).indexName(TableDefinition.DUE_INDEX)
                        .keyConditionExpression("#pk = :pk AND #sk < :upper")
                        .expressionAttributeNames(Map.of("#pk", TableDefinition.DUE_PK, "#sk", TableDefinition.DUE_SK))
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(shard),
                                ":upper", AttributeValue.fromS(DueRetryKeys.sortKey(now, "").replace("#", "$")))))
                .items().stream().map(i -> i.get(TableDefinition.PK).s()).toList();
    }
}

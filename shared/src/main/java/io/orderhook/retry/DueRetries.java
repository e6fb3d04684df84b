package io.orderhook.retry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.orderhook.processing.ShopConnections;
import io.orderhook.schedule.OrderWake;
import io.orderhook.schedule.ScheduledJob;
import io.orderhook.shop.ShopConfig;
import io.orderhook.store.DueRetryKeys;
import io.orderhook.store.InboxStore;
import io.orderhook.store.TableDefinition;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Wakes up the orders whose declined step is due to be tried again. A retry has no webhook to
 * ride on, so the job reads each due order from the shop ({@code GET /orders/{id}}) and puts it
 * into the inbox like a delivery; the processor then plans the order as always and, the retry
 * being due, sends the step's next try. The inbox item's key carries the due time
 * ({@code bodyHash = {hash}-due-{epoch ms}}), so a second run before the processor got to it
 * stores nothing new, and a later retry of the same order is a new item.
 */
public final class DueRetries implements ScheduledJob {
    public static final String NAME = "due-retries";
    /** Orders woken per run at most; the rest wait for the next run. */
    static final int PER_RUN = 100;
    private static final Pattern ORDER_PK = Pattern.compile("SHOP#(.+)#ORDER#(.+)");

    private final DynamoDbClient dynamo;
    private final String table;
    private final Function<String, Optional<ShopConfig>> configs;
    private final OrderWake wake;

    public DueRetries(DynamoDbClient dynamo, String table, Function<String, Optional<ShopConfig>> configs,
            ShopConnections connections, InboxStore inbox) {
        this.dynamo = dynamo;
        this.table = table;
        this.configs = configs;
        this.wake = new OrderWake(connections, inbox);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Report run(Instant now) {
        Map<String, Long> counts = OrderWake.zeroCounts("due");
        List<String> problems = new ArrayList<>();
        // '#' sorts before '$': every key of a due time up to now, whatever order follows it.
        String upper = DueRetryKeys.sortKey(now, "").replace("#", "$");
        for (int shard = 0; shard < DueRetryKeys.SHARDS && counts.get("due") < PER_RUN; shard++) {
            int limit = (int) (PER_RUN - counts.get("due"));
            String pk = "DUE#" + shard;
            QueryResponse due = dynamo.query(b -> b.tableName(table).indexName(TableDefinition.DUE_INDEX)
                    .keyConditionExpression("#pk = :pk AND #sk < :upper")
                    .expressionAttributeNames(Map.of("#pk", TableDefinition.DUE_PK, "#sk", TableDefinition.DUE_SK))
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk), ":upper", AttributeValue.fromS(upper)))
                    .limit(limit));
            for (Map<String, AttributeValue> item : due.items()) {
                counts.merge("due", 1L, Long::sum);
                String outcome;
                try {
                    outcome = wake(item.get(TableDefinition.PK).s(), item.get(TableDefinition.DUE_SK).s(), now, problems);
                } catch (RuntimeException e) {
                    // One order's trouble (a secret that cannot be read, a shop client that fails) never stops the run.
                    problems.add(item.get(TableDefinition.PK).s() + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
                    outcome = OrderWake.NOT_READ;
                }
                counts.merge(outcome, 1L, Long::sum);
            }
        }
        return new Report(NAME, counts, problems);
    }

    /** Puts the order into the inbox as the shop now has it; answers the count it adds to. */
    private String wake(String partitionKey, String dueSk, Instant now, List<String> problems) {
        Matcher m = ORDER_PK.matcher(partitionKey);
        if (!m.matches()) {
            problems.add("a due retry names no order: " + partitionKey);
            return OrderWake.NOT_READ;
        }
        String shopId = m.group(1);
        String orderId = m.group(2);
        Optional<ShopConfig> config = configs.apply(shopId);
        if (config.isEmpty()) {
            problems.add("order " + orderId + " of shop " + shopId + " is due for a retry, but the shop is not configured");
            return OrderWake.NOT_READ;
        }
        Instant dueAt = Instant.parse(dueSk.substring(0, dueSk.indexOf('#')));
        return wake.wake(config.get(), orderId, "due-retry", "-due-" + dueAt.toEpochMilli(), "its retry", now, problems);
    }
}

package io.orderhook.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.orderhook.credit.CreditAccounts;
import io.orderhook.credit.CreditCheck;
import io.orderhook.credit.CreditDecision;
import io.orderhook.testkit.DynamoDbLocal;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** An order's credit check on DynamoDB Local: written once per version, in the due index while pending. */
class CreditCheckStoreTest {
    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
    private final String table = DynamoDbLocal.shared().newTable("credit", TableDefinition::create);
    private final DynamoDbClient dynamo = DynamoDbLocal.shared().client();
    private final CreditCheckStore checks = new CreditCheckStore(dynamo, table);

    @Test
    void aCheckIsClaimedByOneRunOnlyAndReadBackAsWritten() {
        CreditCheck started = checks.save(CreditCheck.start("s", "7", "on-hold", "k", 12_500, "GBP", NOW), List.of())
                .orElseThrow();
        assertTrue(checks.save(CreditCheck.start("s", "7", "on-hold", "k", 12_500, "GBP", NOW), List.of()).isEmpty(),
                "a second start of the same order is refused");

        CreditCheck claimed = checks.save(started.lookingUp(NOW.plusSeconds(300)), List.of()).orElseThrow();
        assertTrue(checks.save(started.lookingUp(NOW.plusSeconds(300)), List.of()).isEmpty(),
                "a run that read the check before the claim cannot claim it too");
        assertEquals(claimed, checks.find("s", "7").orElseThrow());
        assertEquals(List.of(InboxItem.partitionKey("s", "7")), due(NOW.plusSeconds(301)), "pending: woken when due");

        CreditDecision failed = CreditDecision.of(new CreditAccounts.Account("sage", "ACME001", 100_000, 95_000, true, "GBP"),
                0, 12_500);
        CreditCheck decided = checks.save(claimed.decided(failed, NOW.plusSeconds(1)), List.of()).orElseThrow();
        assertEquals(decided, checks.find("s", "7").orElseThrow());
        assertEquals(List.of(CreditDecision.Reason.ON_HOLD, CreditDecision.Reason.OVER_LIMIT), decided.reasons());
        assertEquals(List.of(), due(NOW.plusSeconds(301)), "decided: out of the due index");
        assertEquals(List.of(new CreditCheckStore.FailedCheck("7", List.of("on-hold", "over-limit"), "2026-03-02T10:00:01Z")),
                checks.failed("s"));

        checks.clearFailed("s", "7");
        assertEquals(List.of(), checks.failed("s"));
    }

    private List<String> due(Instant now) {
        String pk = InboxItem.partitionKey("s", "7");
        return dynamo.query(b -> b.tableName(table).indexName(TableDefinition.DUE_INDEX)
                        .keyConditionExpression("#pk = :pk AND #sk < :upper")
                        .expressionAttributeNames(Map.of("#pk", TableDefinition.DUE_PK, "#sk", TableDefinition.DUE_SK))
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(DueRetryKeys.shard(pk)),
                                ":upper", AttributeValue.fromS(DueRetryKeys.sortKey(now, "").replace("#", "$")))))
                .items().stream().map(i -> i.get(TableDefinition.PK).s()).toList();
    }
}

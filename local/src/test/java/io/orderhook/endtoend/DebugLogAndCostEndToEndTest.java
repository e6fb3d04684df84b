package io.orderhook.endtoend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.orderhook.store.DebugLogStore.LogEntry;
import io.orderhook.store.InboxItem;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DebugLogAndCostEndToEndTest {
    private final EndToEnd e2e = new EndToEnd();

    @AfterEach
    void close() {
        e2e.close();
    }

    @Test
    void theDebugLogIsWrittenOnlyWhileTheSettingIsOnAndHoldsNoSecretOrPersonalData() {
        String[] quiet = e2e.checkout(2);
        e2e.shop.setStatus(quiet[0], "completed");
        e2e.settle();
        assertEquals(List.of(), e2e.logs.forOrder(EndToEnd.SHOP, quiet[0]), "debugLog off: nothing written");

        e2e.settings(true, "completed");
        String[] logged = e2e.checkout(2);
        e2e.shop.setStatus(logged[0], "completed");
        e2e.settle();
        List<LogEntry> entries = e2e.logs.forOrder(EndToEnd.SHOP, logged[0]);
        assertTrue(entries.stream().anyMatch(e -> e.call().equals("billmate.activate") && e.outcome().equals("done")
                && e.durationMs() >= 0 && e.step().contains("/activate/")), entries.toString());
        assertTrue(entries.stream().anyMatch(e -> e.call().equals("shop.addNote") && e.outcome().equals("ok")));
        assertTrue(entries.stream().anyMatch(e -> e.call().equals("shop.updateOrder")));
        assertTrue(entries.stream().allMatch(e -> e.expiresAt() > e.at().getEpochSecond() + 13 * 86_400
                && e.expiresAt() <= e.at().getEpochSecond() + 14 * 86_400 + 1), "expire after 14 days");
        for (Map<String, AttributeValue> item : logItems()) {
            String text = item.toString();
            for (String secret : e2e.secrets()) {
                assertFalse(text.contains(secret), "a stored log item holds a secret: " + text);
            }
            assertFalse(text.contains("anna.andersson@example.com"), "a stored log item holds the customer's e-mail");
        }

        e2e.settings(false, "completed");
        String[] afterwards = e2e.checkout(2);
        e2e.shop.setStatus(afterwards[0], "completed");
        e2e.settle();
        assertEquals(List.of(), e2e.logs.forOrder(EndToEnd.SHOP, afterwards[0]), "debugLog off again: nothing written");
    }

    @Test
    void anActivateOrCancelStatusChangeCostsFourDynamoDbRequestsAndItsEchoOne() {
        String[] toComplete = e2e.checkout(2);
        String[] toCancel = e2e.checkout(1);

        e2e.requests.reset();
        e2e.shop.setStatus(toComplete[0], "completed");
        e2e.settle();
        List<String> activation = e2e.requests.operations();
        e2e.requests.reset();
        e2e.shop.setStatus(toCancel[0], "cancelled");
        e2e.settle();
        List<String> cancellation = e2e.requests.operations();

        System.out.println("DynamoDB requests of the processor: activate " + activation + ", cancel " + cancellation);
        // read state, record the step, record it done with its note, record the note's delivery
        List<String> statusChange = List.of("GetItem", "PutItem", "TransactWriteItems", "PutItem");
        // The payment status (and an activation's number) written to the order's meta makes the
        // shop send one more order.updated, the same order but for that meta: one conditional write
        // records its modification time (the state was marked settled with the step).
        for (List<String> change : List.of(activation, cancellation)) {
            assertEquals(statusChange, change.subList(0, 4), change.toString());
            assertEquals(List.of("UpdateItem"), change.subList(4, change.size()), change.toString());
        }
        assertEquals("cancelled", e2e.shop.meta(toCancel[0]).get("_orderhook_payment_status"));
        assertEquals("complete", e2e.shop.meta(toComplete[0]).get("_orderhook_payment_status"));
        assertEquals("0.00", e2e.shop.meta(toCancel[0]).get("_orderhook_captured"));
        assertTrue(e2e.activated(toComplete[1]));
        assertEquals("Cancelled", e2e.paymentStatus(toCancel[1]));
    }



    private List<Map<String, AttributeValue>> logItems() {
        return e2e.dynamo.scan(b -> b.tableName(e2e.table)).items().stream()
                .filter(i -> i.containsKey("type") && "LOG".equals(i.get("type").s())
                        && i.get("PK").s().startsWith(InboxItem.partitionKey(EndToEnd.SHOP, "")))
                .toList();
    }
}

package io.orderhook.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.orderhook.lifecycle.OrderState;
import io.orderhook.lifecycle.Step;
import io.orderhook.store.DebugLogStore.LogEntry;
import io.orderhook.store.NoteStore.Level;
import io.orderhook.store.NoteStore.Note;
import io.orderhook.testkit.DynamoDbLocal;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class StoresTest {
    private static final Instant NOW = Instant.parse("2024-05-02T12:00:00Z");
    private final String table = DynamoDbLocal.shared().newTable("stores", TableDefinition::create);
    private final DynamoDbClient dynamo = DynamoDbLocal.shared().client();
    private final OrderStateStore states = new OrderStateStore(dynamo, table);
    private final NoteStore notes = new NoteStore(dynamo, table);
    private final DebugLogStore logs = new DebugLogStore(dynamo, table);

    @Test
    void aStateWithEveryFieldSetIsReadBackAsWritten() {
        OrderState state = OrderState.initial("s", "1")
                .applied(new Step.Update("s/1/update/h", "h", 12_500), "n")
                .applied(new Step.Activate("s/1/activate/1", 10_000, java.util.List.of()), "A-7")
                .applied(new Step.Credit("s/1/credit/9", "9", 2_500, false), "C-1")
                .refused(new Step.Credit("s/1/credit/10", "10", 100, false))
                .withNoticeGiven("s/1/notice/x")
                .withWrittenStatus("on-hold")
                .withPending(new Step.Credit("s/1/credit/11", "11", 3_000, true), NOW)
                .withOutcomeUnknown();

        OrderState stored = states.save(state);

        assertEquals(1, stored.version());
        assertEquals(stored, states.load("s", "1").orElseThrow());
    }

    @Test
    void aPendingActivationKeepsWhatItCapturesAndTheRefundsTakenOff() {
        OrderState state = OrderState.initial("s", "4")
                .withPending(new Step.Activate("s/4/activate/1", 9_875, List.of("31", "33")), NOW);

        OrderState stored = states.save(state);

        Step.Activate read = (Step.Activate) states.load("s", "4").orElseThrow().pending().step();
        assertEquals(new Step.Activate("s/4/activate/1", 9_875, List.of("31", "33")), read);
        assertEquals(stored, states.load("s", "4").orElseThrow());
    }

    @Test
    void aWriteBasedOnAnOutdatedVersionIsRefusedAndChangesNothing() {
        OrderState first = states.save(OrderState.initial("s", "2"));
        states.save(first.applied(new Step.Activate("k", 10_000, java.util.List.of()), "A"));
        Note note = Note.create("s", "2", NOW, "text", Level.INFO, false, null, Map.of(), NOW);

        assertThrows(StateConflictException.class, () -> states.save(first.applied(new Step.Cancel("k"), "C"),
                List.of(note), List.of()));
        assertThrows(StateConflictException.class, () -> states.save(OrderState.initial("s", "2")));
        assertEquals("ACTIVATED", states.load("s", "2").orElseThrow().reservation().name());
        assertEquals(List.of(), notes.forOrder("s", "2"), "the note of the refused write was not stored either");
    }

    @Test
    void undeliveredNotesAreInTheOutboxUntilDeliveredAndOnlyWhenDue() {
        Note later = Note.create("s", "3", NOW, "second", Level.INFO, false, "on-hold", Map.of("k", "v"), NOW.plusSeconds(120));
        Note first = Note.create("s", "3", NOW, "first", Level.INFO, false, null, Map.of(), NOW.plusSeconds(60));
        states.save(OrderState.initial("s", "3"), List.of(first, later), List.of());

        assertEquals(List.of(), notes.due(NOW, 10));
        assertEquals(List.of("first"), notes.due(NOW.plusSeconds(60), 10).stream().map(Note::text).toList());
        assertEquals(List.of("first", "second"), notes.due(NOW.plusSeconds(600), 10).stream().map(Note::text).toList());

        notes.record(List.of(first.deliveredAs("77")), List.of());

        assertEquals(List.of("second"), notes.due(NOW.plusSeconds(600), 10).stream().map(Note::text).toList());
        Note stored = notes.forOrder("s", "3").stream().filter(n -> n.text().equals("first")).findFirst().orElseThrow();
        assertTrue(stored.delivered());
        assertEquals("77", stored.shopNoteId());
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(Map.of("PK", AttributeValue.fromS(InboxItem.partitionKey("s", "3")), "SK", AttributeValue.fromS(stored.sortKey()))))
                .item();
        assertFalse(item.containsKey(TableDefinition.OUTBOX_PK), "a delivered note leaves the sparse index");
        Note second = notes.forOrder("s", "3").stream().filter(n -> n.text().equals("second")).findFirst().orElseThrow();
        assertEquals(Map.of("k", "v"), second.meta());
        assertEquals("on-hold", second.setStatus());
    }

    @Test
    void aDueNoteCanBeClaimedByOnlyOneDispatcher() {
        Note note = Note.create("s", "4", NOW, "n", Level.INFO, false, null, Map.of(), NOW);
        notes.record(List.of(note), List.of());
        Note due = notes.due(NOW, 10).get(0);

        assertTrue(notes.claim(due, NOW.plusSeconds(300)));
        assertFalse(notes.claim(due, NOW.plusSeconds(300)));
        assertEquals(List.of(), notes.due(NOW.plusSeconds(60), 10));
    }

    @Test
    void logEntriesExpireAfterTheirTtlAndAreRedacted() {
        LogEntry entry = DebugLogStore.entry("s", "5", NOW, 0, "s/5/activate/1", "billmate.activate",
                "{\"hash\":\"abc\",\"pno\":\"198001011234\",\"email\":\"anna@example.com\"}",
                "Credit denied for 8001011234 (ck_abcdef123)", Duration.ofMillis(12), "refused");
        logs.write(List.of(entry));

        LogEntry stored = logs.forOrder("s", "5").get(0);
        assertEquals(NOW.plus(Duration.ofDays(14)).getEpochSecond(), stored.expiresAt());
        assertEquals("{\"hash\":\"[redacted]\",\"pno\":\"[redacted]\",\"email\":\"[redacted]\"}", stored.request());
        assertEquals("Credit denied for [redacted] ([redacted])", stored.response());
        assertEquals(12, stored.durationMs());
    }

    static Stream<Arguments> redactions() {
        return Stream.of(
                Arguments.of("personal number with century", "pno 19800101-1234 ok", "pno [redacted] ok"),
                Arguments.of("personal number without century", "8001011234", "[redacted]"),
                Arguments.of("card number in groups", "card 4111 1111 1111 1111", "card [redacted]"),
                Arguments.of("basic auth header", "Authorization: Basic Y2tfZGVtbzpjc19kZW1v", "Authorization: [redacted]"),
                Arguments.of("rest consumer secret", "cs_0123456789abcdef", "[redacted]"),
                Arguments.of("hmac digest", "a".repeat(128), "[redacted]"),
                Arguments.of("payment numbers and keys stay readable", "payment 1000001 key shop1/42/activate/1714644000",
                        "payment 1000001 key shop1/42/activate/1714644000"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("redactions")
    void theDebugLogRedactsSecretsAndPersonalData(String name, String text, String expected) {
        assertEquals(expected, LogRedaction.redact(text));
    }
}

package io.orderhook.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.orderhook.order.Refund;
import io.orderhook.shop.ShopClient;
import io.orderhook.shop.ShopResult;
import io.orderhook.shop.ShopSettings;
import io.orderhook.store.NoteStore.Level;
import io.orderhook.store.NoteStore.Note;

class NoteDeliveryTest {
    private static final Instant NOW = Instant.parse("2024-05-02T12:00:00Z");

    static Stream<Arguments> answers() {
        return Stream.of(
                Arguments.of("accepted: delivered with the shop's id", new ShopResult.Ok<>("77"), "delivered 77"),
                Arguments.of("shop down: retried in 30 s", new ShopResult.Unavailable<>("503"), "retry 2024-05-02T12:00:30Z"),
                Arguments.of("order gone: given up", new ShopResult.Rejected<>(404, "woocommerce_rest_shop_order_invalid_id", "Invalid ID."),
                        "rejected"),
                Arguments.of("wrong REST keys: kept for later", new ShopResult.Rejected<>(401, "woocommerce_rest_cannot_create", "no"),
                        "retry 2024-05-02T12:00:30Z"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void theShopsAnswerDecidesWhatBecomesOfANote(String name, ShopResult<String> answer, String expected) {
        Note note = Note.create("s", "1", NOW, "text", Level.INFO, false, null, Map.of(), NOW);
        Note out = NoteDelivery.deliver(shop(answer), List.of(note), log(), NOW).get(0);

        String actual = out.delivered() ? "delivered " + out.shopNoteId()
                : out.rejected() ? "rejected" : "retry " + out.nextAttemptAt();
        assertEquals(expected, actual);
    }

    static Stream<Arguments> backoff() {
        return Stream.of(Arguments.of(1, 30), Arguments.of(2, 60), Arguments.of(3, 120), Arguments.of(8, 3_600),
                Arguments.of(40, 3_600));
    }

    @ParameterizedTest(name = "after {0} failed attempts wait {1} s")
    @MethodSource("backoff")
    void failedDeliveriesBackOffExponentiallyUpToAnHour(int attempts, long seconds) {
        assertEquals(NOW.plus(Duration.ofSeconds(seconds)), NoteDelivery.nextAttempt(NOW, attempts));
    }

    /** What the shop holds when the outbox comes to a note whose earlier attempt was never recorded. */
    static Stream<Arguments> earlierAttempts() {
        return Stream.of(
                Arguments.of("the shop holds the note: recorded as delivered, nothing sent", "holds it", "delivered 501", 1),
                Arguments.of("the shop holds another note only: sent", "holds another", "delivered 502", 2),
                Arguments.of("the shop holds nothing: sent", "empty", "delivered 501", 1),
                Arguments.of("the shop is down: the note waits", "down", "retry 2024-05-02T12:00:30Z", 0),
                Arguments.of("the shop cannot list notes: sent anyway", "cannot list", "delivered 501", 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("earlierAttempts")
    void theOutboxSendsANoteAgainOnlyWhenTheShopDoesNotHoldItsReference(String name, String shopHas, String expected,
            int notesInShop) {
        Note note = Note.create("s", "1", NOW, "Billmate reservation was successfully cancelled.", Level.INFO, false, null,
                Map.of(), NOW);
        RecordingShop shop = new RecordingShop(new Crash());
        switch (shopHas) {
            case "holds it" -> shop.addNote("1", NoteDelivery.shopText(note), false);
            case "holds another" -> shop.addNote("1", NoteDelivery.shopText(
                    Note.create("s", "1", NOW, "Billmate reservation was successfully cancelled.", Level.INFO, false, null,
                            Map.of(), NOW)), false);
            case "down" -> shop.down(true);
            default -> { }
        }
        ShopClient client = !shopHas.equals("cannot list") ? shop : new ShopClient() {
            @Override public ShopResult<String> addNote(String orderId, String text, boolean customerNote) {
                return shop.addNote(orderId, text, customerNote);
            }
            @Override public ShopResult<Refund> getRefund(String orderId, String refundId) { throw new AssertionError(); }
            @Override public ShopResult<Void> updateOrder(String orderId, String status, Map<String, String> meta) {
                throw new AssertionError();
            }
        };

        Note out = NoteDelivery.redeliver(client, List.of(note), log(), NOW).get(0);

        String actual = out.delivered() ? "delivered " + out.shopNoteId()
                : out.rejected() ? "rejected" : "retry " + out.nextAttemptAt();
        assertEquals(expected, actual);
        shop.down(false);
        assertEquals(notesInShop, shop.notes("1").size());
    }

    @ParameterizedTest(name = "note text \"{0}\"")
    @MethodSource("referenceTexts")
    void theReferenceIsEightReadableCharactersThatTheMerchantsTextDoesNotLose(String text) {
        Note note = Note.create("shop-1", "1042", NOW, text, Level.INFO, false, null, Map.of(), NOW);
        String sent = NoteDelivery.shopText(note);
        org.junit.jupiter.api.Assertions.assertTrue(sent.matches(".* \\(orderhook ref [0-9A-HJKMNP-TV-Z]{8}\\)"), sent);
        assertEquals(text, NoteDelivery.withoutReference(sent));
        assertEquals(NoteDelivery.reference(note), NoteDelivery.reference(
                new Note(note.shopId(), note.orderId(), note.sortKey(), NOW.plusSeconds(60), text + " (changed)", Level.ERROR,
                        false, null, Map.of(), true, true, 3, NOW, "9", null, false)), "the reference depends only on identity");
    }

    static Stream<String> referenceTexts() {
        return Stream.of("Billmate reservation was successfully cancelled.", "(orderhook ref looks-alike)", "");
    }

    private static DebugLog log() {
        return new DebugLog("s", "1", ShopSettings.defaults(), Clock.systemUTC());
    }

    private static ShopClient shop(ShopResult<String> answer) {
        return new ShopClient() {
            @Override public ShopResult<String> addNote(String orderId, String note, boolean customerNote) { return answer; }
            @Override public ShopResult<Refund> getRefund(String orderId, String refundId) { throw new AssertionError(); }
            @Override public ShopResult<Void> updateOrder(String orderId, String status, Map<String, String> meta) {
                throw new AssertionError();
            }
        };
    }
}

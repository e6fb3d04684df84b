package io.orderhook.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
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
import io.orderhook.shop.woocommerce.WooCommerceRestClient;
import io.orderhook.store.NoteStore.Level;
import io.orderhook.store.NoteStore.Note;
import io.orderhook.testkit.woocommerce.NewOrder;
import io.orderhook.testkit.woocommerce.OrderNote;
import io.orderhook.testkit.woocommerce.ShopSimulator;

class NoteDeliveryTest {
    private static final Instant NOW = Instant.parse("2024-05-02T12:00:00Z");

    /** What the shop simulator answers when a note is sent, and what becomes of the note. */
    static Stream<Arguments> answers() {
        return Stream.of(
                Arguments.of("accepted: delivered with the shop's id", "up", "delivered"),
                Arguments.of("shop down: retried in 30 s", "down", "retry 2024-05-02T12:00:30Z"),
                Arguments.of("order gone: given up", "order gone", "rejected"),
                Arguments.of("wrong REST keys: kept for later", "wrong keys", "retry 2024-05-02T12:00:30Z"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void theShopsAnswerDecidesWhatBecomesOfANote(String name, String shopIs, String expected) {
        try (ShopSimulator simulator = simulator()) {
            String orderId = placeOrder(simulator);
            String sentTo = shopIs.equals("order gone") ? "999999" : orderId;
            Note note = Note.create("s", sentTo, NOW, "text", Level.INFO, false, null, Map.of(), NOW);
            ShopClient client = shopIs.equals("wrong keys")
                    ? new WooCommerceRestClient(simulator.shopUrl(), REST_KEY, "cs_not_the_shops_secret")
                    : client(simulator);
            simulator.setAvailable(!shopIs.equals("down"));

            Note out = NoteDelivery.deliver(client, List.of(note), log(), NOW).get(0);

            simulator.setAvailable(true);
            List<OrderNote> held = simulator.notes(orderId, OrderNote.Origin.REST_API);
            String actual = out.delivered() ? "delivered" : out.rejected() ? "rejected" : "retry " + out.nextAttemptAt();
            assertEquals(expected, actual);
            if (out.delivered()) {
                assertEquals(1, held.size());
                assertEquals(Long.toString(held.get(0).id()), out.shopNoteId(), "the id the shop gave the note");
            } else {
                assertEquals(List.of(), held);
            }
        }
    }

    static Stream<Arguments> graceLeft() {
        return Stream.of(Arguments.of("2 min of grace left: the processor sends it", 120, 1),
                Arguments.of("61 s left: still sent", 61, 1),
                Arguments.of("60 s left: too close, left to the outbox", 60, 0),
                Arguments.of("grace already over: left to the outbox", -5, 0));
    }

    /**
     * The processor starts a note only while its grace has more than a minute left: a send begun
     * later could reach the shop after the outbox listed the order's notes, and go out twice.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("graceLeft")
    void theProcessorLeavesANoteToTheOutboxWhenItsGraceIsNearlyOver(String name, int secondsLeft, int sent) {
        try (ShopSimulator simulator = simulator()) {
            String orderId = placeOrder(simulator);
            Note first = Note.create("s", orderId, NOW, "first", Level.INFO, false, null, Map.of(), NOW.plusSeconds(secondsLeft));
            Note second = Note.create("s", orderId, NOW.plusMillis(1), "second", Level.INFO, false, null, Map.of(),
                    NOW.plusSeconds(secondsLeft));

            List<Note> attempted = NoteDelivery.deliverInGrace(client(simulator), List.of(first, second), log(),
                    Clock.fixed(NOW, ZoneOffset.UTC));

            assertEquals(sent * 2, attempted.size(), "notes attempted (the others stay stored as they are)");
            assertEquals(sent * 2, simulator.notes(orderId, OrderNote.Origin.REST_API).size(), "notes in the shop");
            attempted.forEach(n -> assertEquals(true, n.delivered(), n.toString()));
        }
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
                Arguments.of("the shop holds the note: recorded as delivered, nothing sent", "holds it", "delivered as held", 1),
                Arguments.of("the shop holds another note only: sent", "holds another", "delivered as new", 2),
                Arguments.of("the shop holds nothing: sent", "empty", "delivered as new", 1),
                Arguments.of("the shop is down: the note waits", "down", "retry 2024-05-02T12:00:30Z", 0),
                Arguments.of("the shop cannot list notes: sent anyway", "cannot list", "delivered as new", 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("earlierAttempts")
    void theOutboxSendsANoteAgainOnlyWhenTheShopDoesNotHoldItsReference(String name, String shopHas, String expected,
            int notesInShop) {
        try (ShopSimulator simulator = simulator()) {
            String orderId = placeOrder(simulator);
            WooCommerceRestClient rest = client(simulator);
            Note note = Note.create("s", orderId, NOW, "Billmate reservation was successfully cancelled.", Level.INFO, false,
                    null, Map.of(), NOW);
            String held = null;
            switch (shopHas) {
                case "holds it" -> held = ((ShopResult.Ok<String>) rest.addNote(orderId, NoteDelivery.shopText(note), false)).value();
                case "holds another" -> held = ((ShopResult.Ok<String>) rest.addNote(orderId, NoteDelivery.shopText(
                        Note.create("s", orderId, NOW, "Billmate reservation was successfully cancelled.", Level.INFO, false,
                                null, Map.of(), NOW)), false)).value();
                case "down" -> simulator.setAvailable(false);
                default -> { }
            }
            // A client that cannot list notes (the interface's default) is one the simulator cannot play.
            ShopClient client = !shopHas.equals("cannot list") ? rest : new ShopClient() {
                @Override public ShopResult<String> addNote(String order, String text, boolean customerNote) {
                    return rest.addNote(order, text, customerNote);
                }
                @Override public ShopResult<Refund> getRefund(String order, String refundId) { return rest.getRefund(order, refundId); }
                @Override public ShopResult<Void> updateOrder(String order, String status, Map<String, String> meta) {
                    return rest.updateOrder(order, status, meta);
                }
            };

            Note out = NoteDelivery.redeliver(client, List.of(note), log(), NOW).get(0);

            simulator.setAvailable(true);
            List<OrderNote> notes = simulator.notes(orderId, OrderNote.Origin.REST_API);
            String actual = !out.delivered() ? (out.rejected() ? "rejected" : "retry " + out.nextAttemptAt())
                    : out.shopNoteId().equals(held) ? "delivered as held" : "delivered as new";
            assertEquals(expected, actual);
            assertEquals(notesInShop, notes.size());
            if (out.delivered()) {
                OrderNote delivered = notes.stream().filter(n -> Long.toString(n.id()).equals(out.shopNoteId())).findFirst()
                        .orElseThrow(() -> new AssertionError("the shop holds no note " + out.shopNoteId()));
                assertEquals(NoteDelivery.shopText(note), delivered.note());
            }
        }
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
                        false, null, null, Map.of(), true, true, 3, NOW, "9", null, false)), "the reference depends only on identity");
    }

    static Stream<String> referenceTexts() {
        return Stream.of("Billmate reservation was successfully cancelled.", "(orderhook ref looks-alike)", "");
    }

    private static DebugLog log() {
        return new DebugLog("s", "1", ShopSettings.defaults(), Clock.systemUTC());
    }

    private static final String REST_KEY = "ck_notes0123456789";
    private static final String REST_SECRET = "cs_notes0123456789";

    private static ShopSimulator simulator() {
        return ShopSimulator.builder().restKey(REST_KEY, REST_SECRET).swedishVat().build().start();
    }

    private static String placeOrder(ShopSimulator simulator) {
        return simulator.createOrder(NewOrder.paidWith("bco").product("MUG", "Mug", 1, "100.00"));
    }

    private static WooCommerceRestClient client(ShopSimulator simulator) {
        return new WooCommerceRestClient(simulator.shopUrl(), REST_KEY, REST_SECRET);
    }
}

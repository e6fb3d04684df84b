package io.orderhook.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.orderhook.processing.EventLog;
import io.orderhook.secrets.CachingSecretResolver;
import io.orderhook.secrets.EnvironmentSecretResolver;
import io.orderhook.shop.ShopConfig;
import io.orderhook.shop.ShopSettings;
import io.orderhook.store.NoteStore;
import io.orderhook.store.NoteStore.Level;
import io.orderhook.store.NoteStore.Note;
import io.orderhook.store.TableDefinition;
import io.orderhook.testkit.DynamoDbLocal;
import io.orderhook.testkit.woocommerce.NewOrder;
import io.orderhook.testkit.woocommerce.OrderNote;
import io.orderhook.testkit.woocommerce.ShopSimulator;
import io.orderhook.wiring.Wiring;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class OutboxDispatcherHandlerTest {

    @Test
    void aScheduledRunDeliversTheDueNotesWithTheirOrderChangesAndLeavesTheOthers() {
        DynamoDbLocal local = DynamoDbLocal.shared();
        String table = local.newTable("outbox", TableDefinition::create);
        DynamoDbClient dynamo = local.client();
        NoteStore notes = new NoteStore(dynamo, table);
        Instant now = Instant.parse("2024-05-02T12:00:00Z");
        try (ShopSimulator shop = ShopSimulator.builder().restKey("ck_outbox1234", "cs_outbox1234").swedishVat().build().start()) {
            String orderId = shop.createOrder(NewOrder.paidWith("bco").status("processing").transactionId("1000235")
                    .product("MUG", "Mug", 1, "100.00"));
            ShopConfig config = new ShopConfig("s1", shop.shopUrl().toString(), "w", "k", "s",
                    new ShopConfig.ProviderAccount("billmate", "1", "b", "http://127.0.0.1:1/", true), ShopSettings.defaults(), 1);
            Wiring wiring = Wiring.builder(dynamo, table, new CachingSecretResolver(new EnvironmentSecretResolver(Map.of(
                    EnvironmentSecretResolver.variableName("k"), "ck_outbox1234",
                    EnvironmentSecretResolver.variableName("s"), "cs_outbox1234"))))
                    .clock(Clock.fixed(now, ZoneOffset.UTC)).events(new EventLog(line -> { })).build();
            wiring.freshShopConfigs().save(config);
            OutboxDispatcher dispatcher = wiring.outboxDispatcher();
            Note due = Note.create("s1", orderId, now.minusSeconds(600), "Billmate could not activate the reservation.",
                    Level.ERROR, false, "on-hold", Map.of(), now.minusSeconds(60));
            Note later = Note.create("s1", orderId, now.minusSeconds(500), "not yet", Level.INFO, false, null, Map.of(),
                    now.plusSeconds(600));
            notes.record(List.of(due, later), List.of());

            Map<String, Integer> summary = new OutboxDispatcherHandler(dispatcher).handleRequest(null, null);

            assertEquals(Map.of("delivered", 1, "rescheduled", 0, "rejected", 0), summary);
            assertEquals(List.of("Billmate could not activate the reservation."),
                    shop.notes(orderId, OrderNote.Origin.REST_API).stream().map(n -> io.orderhook.processing.NoteDelivery.withoutReference(n.note())).toList());
            assertEquals("on-hold", shop.status(orderId));
            assertTrue(notes.forOrder("s1", orderId).stream().filter(n -> n.text().equals("not yet")).allMatch(Note::awaitingDelivery));
            assertEquals(List.of("not yet"), notes.due(now.plusSeconds(3600), 10).stream().map(Note::text).toList());
        }
    }
}

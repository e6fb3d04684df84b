package io.orderhook.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.orderhook.lifecycle.AuthorisationExpiry;
import io.orderhook.lifecycle.OrderState;
import io.orderhook.lifecycle.Step;
import io.orderhook.store.LapsingOrders.Lapsing;
import io.orderhook.testkit.DynamoDbLocal;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** A reservation's lapse on the order's state, and the sparse index {@code expiry} the expiry scan and the admin list read. */
class LapsingOrdersTest {
    private static final Instant LAPSE = Instant.parse("2026-12-08T10:00:00.123Z");
    private final String table = DynamoDbLocal.shared().newTable("expiry", TableDefinition::create);
    private final DynamoDbClient dynamo = DynamoDbLocal.shared().client();
    private final OrderStateStore states = new OrderStateStore(dynamo, table);
    private final LapsingOrders lapsing = new LapsingOrders(dynamo, table);

    @Test
    void aReservationIsWatchedUntilWarnedThenWarnedUntilCapturedAndItsLapseIsReadBack() {
        OrderState stored = states.save(OrderState.initial("s", "7").lapsingAt(LAPSE));
        assertEquals(LAPSE, states.load("s", "7").orElseThrow().lapsesAt());
        assertEquals(List.of(new Lapsing("s", "7", LAPSE, false)), lapsing.list("s", false, LAPSE), "lapsing at the bound");
        assertEquals(List.of(), lapsing.list("s", false, LAPSE.minusMillis(1)), "not a millisecond before");
        assertEquals(List.of(), lapsing.list("other", false, null), "another shop's partition");

        OrderState warned = states.save(stored.withNoticeGiven(AuthorisationExpiry.warnedKey(LAPSE)));
        assertEquals(List.of(), lapsing.list("s", false, null));
        assertEquals(List.of(new Lapsing("s", "7", LAPSE, true)), lapsing.list("s", true, null));

        states.save(warned.applied(new Step.Activate("a", 100, List.of()), "9"));
        assertEquals(List.of(), lapsing.list("s", true, null), "a captured order leaves the index");
        assertEquals(LAPSE, states.load("s", "7").orElseThrow().lapsesAt(), "the lapse stays on the state");
    }

    @Test
    void aHandledLapseLeavesTheIndexAndOrdersComeSoonestFirst() {
        states.save(OrderState.initial("s", "2").lapsingAt(LAPSE.plus(Duration.ofDays(3))));
        OrderState one = states.save(OrderState.initial("s", "1").lapsingAt(LAPSE));
        assertEquals(List.of("1", "2"), lapsing.list("s", false, null).stream().map(Lapsing::orderId).toList());

        states.save(one.withNoticeGiven(AuthorisationExpiry.lapsedKey(LAPSE)));
        assertEquals(List.of("2"), lapsing.list("s", false, null).stream().map(Lapsing::orderId).toList());
    }
}

package io.orderhook.processing;

import static io.orderhook.processing.TestOrders.order;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.orderhook.lifecycle.OrderState;
import io.orderhook.processing.OrderProcessor.Result;

/**
 * The echo of orderhook's own write-back (the shop's webhook after orderhook wrote the activation
 * number and payment status to the order's meta) recognised with one conditional write, and
 * everything else still reconciled in full from the item that write returns.
 */
class SettledEchoTest {
    private static final String OWN = "_orderhook_payment_status";
    private final ProcessorFixture f = new ProcessorFixture();

    @AfterEach
    void close() {
        f.close();
    }

    private void activated(String id) {
        f.reserve(order(id));
        f.deliver(order(id));
        f.deliver(order(id).status("completed").at(5));
        assertEquals(1, f.calls("activatePayment", id));
    }

    private OrderState state(String id) {
        return f.states.load(ProcessorFixture.SHOP, f.shopOrderId(id)).orElseThrow();
    }

    @Test
    void theEchoOfTheActivationsWriteBackCostsOneConditionalWriteAndRecordsItsTime() {
        activated("1");
        long version = state("1").version();
        f.requests.reset();

        OrderProcessor.Outcome echo = f.deliver(order("1").status("completed").meta(OWN, "complete").at(6));

        assertEquals(List.of("UpdateItem"), f.requests.operations());
        assertEquals(Result.IGNORED, echo.result());
        assertTrue(echo.detail().startsWith("SETTLED"), echo.detail());
        assertEquals(TestOrders.T0.plusSeconds(6 * 60), state("1").lastModifiedGmt());
        assertEquals(version + 1, state("1").version());
        assertEquals(1, f.calls("activatePayment", "1"));
    }

    @Test
    void aLateOlderBodyAfterTheEchoIsStillStaleAndChangesNothing() {
        activated("2");
        f.deliver(order("2").status("completed").meta(OWN, "complete").at(6));
        OrderState before = state("2");
        f.requests.reset();

        // the merchant's cancellation of minute 4 arrives late, after the echo of minute 6
        OrderProcessor.Outcome late = f.deliver(order("2").status("cancelled").meta(OWN, "reserved").at(4));

        assertEquals(List.of("UpdateItem"), f.requests.operations(), "the failed condition returned the state: no read");
        assertEquals(Result.IGNORED, late.result());
        assertTrue(late.detail().startsWith("STALE"), late.detail());
        assertEquals(before, state("2"));
        assertEquals(0, f.calls("cancelPayment", "2"));
    }

    @Test
    void aMerchantsChangeAfterTheWriteBackIsReconciledInFullWithoutAReadOfItsOwn() {
        activated("3");
        f.deliver(order("3").status("completed").meta(OWN, "complete").at(6));
        f.requests.reset();

        f.deliver(order("3").status("cancelled").meta(OWN, "complete").at(7));

        assertEquals("UpdateItem", f.requests.operations().get(0));
        assertTrue(!f.requests.operations().contains("GetItem"), f.requests.operations().toString());
        assertTrue(f.shopNotes("3").stream().anyMatch(n -> n.contains("Refund the order instead")), f.shopNotes("3").toString());
    }

    @Test
    void aSaveWithoutChangesOfAnOrderWhoseActivationWasRefusedTriesTheActivationAgain() {
        f.reserve(order("4"));
        f.deliver(order("4"));
        f.settings(false, "completed");
        f.sandbox.inject("activatePayment", 1, io.orderhook.testkit.billmate.SandboxFault.error("5203"));
        f.deliver(order("4").status("completed").meta(OWN, "reserved").at(5));
        assertEquals(ProcessorFixture.ACTIVATED.equals(f.payment("4").status()), false, "the first activation was refused");

        // the merchant sets completed again and saves: same content, a later second
        f.deliver(order("4").status("completed").meta(OWN, "reserved").at(8));

        assertEquals(2, f.calls("activatePayment", "4"));
        assertEquals(ProcessorFixture.ACTIVATED, f.payment("4").status());
    }

    @Test
    void aChangedSettingMakesTheSameOrderBeReconciledAgain() {
        activated("5");
        f.settings(false, "shipped");
        f.requests.reset();

        f.deliver(order("5").status("completed").meta(OWN, "complete").at(6));

        assertTrue(f.requests.operations().size() >= 1);
        assertEquals("UpdateItem", f.requests.operations().get(0));
        assertEquals(TestOrders.T0.plusSeconds(6 * 60), state("5").lastModifiedGmt(), "recorded by the full reconcile");
        assertTrue(f.requests.operations().contains("PutItem"), f.requests.operations().toString());
    }

    @Test
    void theMarkIsTheSameForEqualSettingsWhateverTheOrderOfTheirSets() {
        java.util.Set<String> oneOrder = new java.util.LinkedHashSet<>(List.of("bco", "billmate_invoice", "billmate_card"));
        java.util.Set<String> another = new java.util.LinkedHashSet<>(List.of("billmate_card", "bco", "billmate_invoice"));
        io.orderhook.order.OrderSnapshot order = f.snapshot(order("6").meta(OWN, "complete"));

        f.settings = new io.orderhook.shop.ShopSettings(true, false, 14, oneOrder, "completed", "on-hold", true);
        String first = SettledMark.of(f.config(), order);
        f.settings = new io.orderhook.shop.ShopSettings(true, false, 14, another, "completed", "on-hold", true);
        String second = SettledMark.of(f.config(), order);
        f.settings = new io.orderhook.shop.ShopSettings(true, false, 14, oneOrder, "shipped", "on-hold", true);
        String otherSetting = SettledMark.of(f.config(), order);

        assertEquals(first, second);
        assertTrue(!first.equals(otherSetting));
    }
}

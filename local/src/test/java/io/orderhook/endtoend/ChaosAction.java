package io.orderhook.endtoend;

import java.time.Duration;

import io.orderhook.testkit.billmate.SandboxFault;

/**
 * One step of a chaos scenario: a merchant's action on an order (orders are numbered from 1
 * in the scenario), or something done to the deliveries, the provider, the shop or the
 * processor. {@code toString} reads as a line of the scenario, so a shrunk failing scenario
 * reads as a story.
 */
sealed interface ChaosAction {

    // ------------------------------------------------------------------ the merchant

    /** The merchant's actions on order {@code order} (1-based). */
    sealed interface Merchant extends ChaosAction {
        int order();
    }

    record Hold(int order) implements Merchant {
        @Override public String toString() { return "#" + order + " on-hold"; }
    }

    /** Sets the mug row's quantity (only possible while the order is on hold, as in WooCommerce). */
    record EditLines(int order, int mugs) implements Merchant {
        @Override public String toString() { return "#" + order + " edit: " + mugs + " mugs"; }
    }

    record Process(int order) implements Merchant {
        @Override public String toString() { return "#" + order + " processing"; }
    }

    record Complete(int order) implements Merchant {
        @Override public String toString() { return "#" + order + " completed"; }
    }

    record Cancel(int order) implements Merchant {
        @Override public String toString() { return "#" + order + " cancelled"; }
    }

    /**
     * Refunds one mug (its row, with tax): "Refund manually", so orderhook credits it, or "Refund via"
     * the gateway, which pays it back itself (possible only on a completed order, as with a real gateway).
     */
    record RefundOneMug(int order, boolean viaGateway) implements Merchant {
        @Override public String toString() { return "#" + order + " refund one mug" + (viaGateway ? " via the gateway" : ""); }
    }

    /** Refunds the shipping row alone ("Refund manually"). */
    record RefundShipping(int order) implements Merchant {
        @Override public String toString() { return "#" + order + " refund the shipping"; }
    }

    /** Refunds whatever is left of the order's total ("Refund manually"). */
    record RefundRest(int order) implements Merchant {
        @Override public String toString() { return "#" + order + " refund the rest"; }
    }

    /** The merchant turns the shop's automatic update on or off. */
    record AutoUpdate(boolean on) implements ChaosAction {
        @Override public String toString() { return "automatic update " + (on ? "on" : "off"); }
    }

    /** The merchant waits until orderhook has handled everything so far. */
    record Wait() implements ChaosAction {
        @Override public String toString() { return "merchant waits for orderhook"; }
    }

    // ------------------------------------------------------------------ webhook delivery

    record DuplicateDeliveries(int deliveries, int extraCopies) implements ChaosAction {
        @Override public String toString() { return "next " + deliveries + " deliveries sent " + (1 + extraCopies) + " times"; }
    }

    /** Deliveries wait in the shop's queue, where later changes of an order coalesce with them. */
    record PauseDeliveries() implements ChaosAction {
        @Override public String toString() { return "deliveries paused (changes coalesce)"; }
    }

    record ResumeDeliveries() implements ChaosAction {
        @Override public String toString() { return "deliveries resumed"; }
    }

    /** Sends an earlier delivery of the order again (a late copy of an older version). */
    record ReplayOlderDelivery(int order, int back) implements ChaosAction {
        @Override public String toString() { return "#" + order + " replay of the delivery " + back + " back"; }
    }

    record DelayDeliveries(int millis) implements ChaosAction {
        @Override public String toString() { return "deliveries delayed " + millis + " ms"; }
    }

    // ------------------------------------------------------------------ provider, shop, processor

    /** The next {@code times} calls of {@code function} ({@link #ANY}: of whatever function comes next) meet {@code fault}. */
    record ProviderFault(String function, int times, SandboxFault fault) implements ChaosAction {
        static final String ANY = "any call";

        @Override public String toString() { return "Billmate " + function + " x" + times + ": " + describe(fault); }

        private static String describe(SandboxFault fault) {
            if (fault instanceof SandboxFault.ErrorCode e) {
                return "error " + e.code();
            }
            if (fault instanceof SandboxFault.HttpStatus h) {
                return "HTTP " + h.status();
            }
            if (fault instanceof SandboxFault.Timeout t) {
                return "no answer (timeout " + t.hold().toMillis() + " ms)";
            }
            if (fault instanceof SandboxFault.LostResponse) {
                return "applied, answer lost";
            }
            if (fault instanceof SandboxFault.Latency l) {
                return "slow " + l.delay().toMillis() + " ms";
            }
            return fault.toString();
        }
    }

    record ShopOutage(boolean down) implements ChaosAction {
        @Override public String toString() { return down ? "shop REST API down" : "shop REST API back"; }
    }

    /** The processor (or the outbox) dies at its {@code request}-th DynamoDB request from now. */
    record Crash(int request) implements ChaosAction {
        @Override public String toString() { return "crash at the processor's DynamoDB request +" + request; }
    }

    /** The next invocation is lost after it did its work; the stream delivers its records again. */
    record LoseInvocation() implements ChaosAction {
        @Override public String toString() { return "next invocation lost after its work"; }
    }

    static Duration millis(int ms) {
        return Duration.ofMillis(ms);
    }
}

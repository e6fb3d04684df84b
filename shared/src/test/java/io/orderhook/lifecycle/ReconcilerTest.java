package io.orderhook.lifecycle;

import static io.orderhook.lifecycle.Orders.order;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.orderhook.lifecycle.Plan.Decision;
import io.orderhook.order.OrderSnapshot;
import io.orderhook.shop.CaptureSettings;
import io.orderhook.shop.CaptureSettings.Trigger;
import io.orderhook.shop.ShopSettings;

class ReconcilerTest {
    private static final ShopSettings DEFAULTS = ShopSettings.defaults();
    private static final ShopSettings SHIPPED = new ShopSettings(true, false, 14, Set.of("bco"), "shipped", "on-hold", true);
    private static final ShopSettings NO_AUTO_UPDATE = new ShopSettings(true, false, 14, Set.of("bco"), "completed", "on-hold", false);
    private static final ShopSettings DISABLED = new ShopSettings(false, false, 14, Set.of("bco"), "completed", "on-hold", true);
    private static final ShopSettings CANCEL_ON_FAILURE = new ShopSettings(true, false, 14, Set.of("bco"), "completed", "cancelled", true);

    private static final ShopSettings BY_REQUEST = SHIPPED.withCapture(CaptureSettings.defaults().withTrigger(Trigger.REQUEST));
    private static final ShopSettings BY_EITHER = SHIPPED.withCapture(CaptureSettings.defaults().withTrigger(Trigger.EITHER));
    private static final String REQUEST_META = CaptureSettings.DEFAULT_META_KEY;

    private static final long TOTAL_2 = Orders.totalFor(2);
    private static final long TOTAL_3 = Orders.totalFor(3);

    /** The order was seen once (quantity 2, at T0) and nothing was done to the reservation yet. */
    private static OrderState seen() {
        return Reconciler.plan(order("processing").build(), OrderState.initial("shop1", "42"), DEFAULTS).accepted()
                .withVersion(1);
    }

    private static OrderState activated() {
        OrderState seen = seen();
        return seen.applied(new Step.Activate("k", 10_000, java.util.List.of()), "A-1");
    }

    private static OrderState cancelled() {
        return seen().applied(new Step.Cancel("k"), "1000001");
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // processing
                row("a processing order seen for the first time only records its lines",
                        OrderState.initial("shop1", "42"), order("processing"), DEFAULTS, Decision.NOTHING_MISSING),
                row("a processing order with unchanged lines needs nothing",
                        seen(), order("processing").modifiedAt(1), DEFAULTS, Decision.NOTHING_MISSING),
                row("a processing order with edited lines is updated",
                        seen(), order("processing").quantity(3).modifiedAt(2), DEFAULTS, Decision.ACT, "update:" + TOTAL_3),
                row("edited lines are not sent when automatic update is off",
                        seen(), order("processing").quantity(3).modifiedAt(2), NO_AUTO_UPDATE, Decision.NOTHING_MISSING),
                row("lines the provider refused before are not sent again",
                        refusedUpdate(), order("processing").quantity(3).modifiedAt(2), DEFAULTS, Decision.NOTHING_MISSING),
                row("lines edited after activation are not updated",
                        activated(), order("processing").quantity(3).modifiedAt(2), DEFAULTS, Decision.NOTHING_MISSING),
                row("processing on a cancelled reservation does nothing",
                        cancelled(), order("processing").modifiedAt(2), DEFAULTS, Decision.NOTHING_MISSING),
                // on-hold
                row("an on-hold order being edited is left alone",
                        seen(), order("on-hold").quantity(3).modifiedAt(1), DEFAULTS, Decision.NO_ACTION_FOR_STATUS),
                // completed / capture status
                row("completing a reserved order activates it",
                        seen(), order("completed").modifiedAt(5), DEFAULTS, Decision.ACT, "activate:" + TOTAL_2),
                row("completing an order first seen as completed activates it",
                        OrderState.initial("shop1", "42"), order("completed"), DEFAULTS, Decision.ACT, "activate:" + TOTAL_2),
                row("completed with new lines (coalesced delivery) updates first; the activation follows once it is done",
                        seen(), order("completed").quantity(3).modifiedAt(5), DEFAULTS, Decision.ACT, "update:" + TOTAL_3),
                row("case 2: completed with new lines and automatic update off captures nothing and says why",
                        seen(), order("completed").quantity(3).modifiedAt(5), NO_AUTO_UPDATE, Decision.ACT,
                        "notice:CAPTURE_BLOCKED_TOTAL_DIFFERS:failure-status"),
                row("case 2: completed after the update was refused captures nothing and says why",
                        refusedUpdate(), order("completed").quantity(3).modifiedAt(5), DEFAULTS, Decision.ACT,
                        "notice:CAPTURE_BLOCKED_TOTAL_DIFFERS:failure-status"),
                row("completed with new lines of the same total and automatic update off activates",
                        seen(), order("completed").modifiedAt(5).renameSku("SKU-2"), NO_AUTO_UPDATE, Decision.ACT, "activate:" + TOTAL_2),
                row("completed once the provider holds the new lines activates",
                        updatedTo(3), order("completed").quantity(3).modifiedAt(5), DEFAULTS, Decision.ACT, "activate:" + TOTAL_3),
                row("completing an activated order again needs nothing",
                        activated(), order("completed").modifiedAt(6), DEFAULTS, Decision.NOTHING_MISSING),
                row("completing a cancelled reservation only tells the merchant",
                        cancelled(), order("completed").modifiedAt(6), DEFAULTS, Decision.ACT,
                        "notice:CAPTURE_AFTER_CANCELLATION"),
                row("an activation refused for this version is not retried",
                        refusedActivationAt(5), order("completed").modifiedAt(5), DEFAULTS, Decision.NOTHING_MISSING),
                row("completing the order again after a refused activation retries it",
                        refusedActivationAt(5), order("completed").modifiedAt(9), DEFAULTS, Decision.ACT, "activate:" + TOTAL_2),
                row("a custom capture status activates",
                        seen(), order("shipped").modifiedAt(5), SHIPPED, Decision.ACT, "activate:" + TOTAL_2),
                row("completed is not a capture when the capture status is shipped",
                        seen(), order("completed").modifiedAt(5), SHIPPED, Decision.NO_ACTION_FOR_STATUS),
                // cancelled
                row("cancelling a reserved order cancels the reservation",
                        seen(), order("cancelled").modifiedAt(3), DEFAULTS, Decision.ACT, "cancel"),
                row("cancelling an activated order says it must be refunded instead",
                        activated(), order("cancelled").modifiedAt(7), DEFAULTS, Decision.ACT,
                        "notice:CANCELLED_AFTER_ACTIVATION"),
                row("the must-be-refunded note is given once",
                        activated().withNoticeGiven("shop1/42/notice/cancelled-after-activation"),
                        order("cancelled").modifiedAt(8), DEFAULTS, Decision.NOTHING_MISSING),
                row("cancelling an already cancelled reservation needs nothing",
                        cancelled(), order("cancelled").modifiedAt(4), DEFAULTS, Decision.NOTHING_MISSING),
                // statuses that ask nothing
                row("pending asks nothing", seen(), order("pending").modifiedAt(1), DEFAULTS, Decision.NO_ACTION_FOR_STATUS),
                row("failed asks nothing", seen(), order("failed").modifiedAt(1), DEFAULTS, Decision.NO_ACTION_FOR_STATUS),
                row("draft asks nothing", seen(), order("checkout-draft").modifiedAt(1), DEFAULTS, Decision.NO_ACTION_FOR_STATUS),
                // not ours
                row("another payment method is ignored",
                        seen(), order("completed").paymentMethod("stripe").modifiedAt(5), DEFAULTS, Decision.NOT_OUR_PAYMENT_METHOD),
                row("a shop with order management disabled is ignored",
                        seen(), order("completed").modifiedAt(5), DISABLED, Decision.MANAGEMENT_DISABLED),
                row("a processing order without a payment number is ignored",
                        OrderState.initial("shop1", "42"), order("processing").transactionId(""), DEFAULTS, Decision.NO_TRANSACTION_ID),
                row("case 7: completing an order without a payment number says so and sets the failure status",
                        OrderState.initial("shop1", "42"), order("completed").transactionId(""), DEFAULTS, Decision.ACT,
                        "notice:MISSING_PAYMENT_NUMBER:failure-status"),
                row("case 7: cancelling an order without a payment number says so",
                        OrderState.initial("shop1", "42"), order("cancelled").transactionId(""), DEFAULTS, Decision.ACT,
                        "notice:MISSING_PAYMENT_NUMBER:failure-status"),
                row("case 7: Billmate Checkout's own meta holds the number when transaction_id is empty",
                        seen(), order("completed").transactionId("").meta("_billmate_transaction_id", "1000001").modifiedAt(5),
                        DEFAULTS, Decision.ACT, "activate:" + TOTAL_2),
                row("case 7: the older plugin's meta holds the number",
                        OrderState.initial("shop1", "42"), order("processing").transactionId("").meta("billmate_invoice_id", "77"),
                        DEFAULTS, Decision.NOTHING_MISSING),
                row("case 7: another number later is a notice, never a switch",
                        seen(), order("completed").transactionId("2000002").modifiedAt(5), DEFAULTS, Decision.ACT,
                        "activate:" + TOTAL_2, "notice:PAYMENT_NUMBER_CHANGED"),
                row("a payment number the provider does not know is told once",
                        seen().adoptedNotFound(), order("completed").modifiedAt(5), DEFAULTS, Decision.ACT, "notice:PAYMENT_NOT_FOUND"),
                // time and echoes
                row("a snapshot older than the applied one is stale",
                        seenAt(10), order("cancelled").modifiedAt(5), DEFAULTS, Decision.STALE),
                row("a duplicate of the applied snapshot needs nothing",
                        activatedAt(5), order("completed").modifiedAt(5), DEFAULTS, Decision.NOTHING_MISSING),
                row("the echo of our own on-hold is recognised",
                        seen().withWrittenStatus("on-hold"), order("on-hold").modifiedAt(6), DEFAULTS, Decision.ECHO),
                row("the echo of a cancelled failure status does not cancel the reservation",
                        seen().withWrittenStatus("cancelled"), order("cancelled").modifiedAt(6), CANCEL_ON_FAILURE, Decision.ECHO),
                row("a step waiting for its outcome blocks planning",
                        seen().withPending(new Step.Activate("k", 10_000, java.util.List.of()), Orders.T0), order("completed").modifiedAt(5), DEFAULTS,
                        Decision.PENDING_UNRESOLVED),
                // refunds
                row("a part refund of an activated order is credited in part",
                        activated(), order("completed").refund("101", 5_000).modifiedAt(10), DEFAULTS, Decision.ACT,
                        "credit:101:5000:part"),
                row("case 3: refunding the rest after a part credit is a part credit, not the whole payment",
                        activated().applied(new Step.Credit("k", "101", 5_000, false), "C-1"),
                        order("refunded").refund("101", 5_000).refund("102", TOTAL_2 - 5_000).modifiedAt(11), DEFAULTS,
                        Decision.ACT, "credit:102:" + (TOTAL_2 - 5_000) + ":part"),
                row("case 3: one refund of everything captured credits the whole payment",
                        activated(), order("refunded").refund("101", TOTAL_2).modifiedAt(11), DEFAULTS,
                        Decision.ACT, "credit:101:" + TOTAL_2 + ":whole"),
                row("two new refunds are credited one by one, oldest first",
                        activated(), order("refunded").refund("9", 5_000).refund("10", TOTAL_2 - 5_000).modifiedAt(11),
                        DEFAULTS, Decision.ACT, "credit:9:5000:part", "credit:10:" + (TOTAL_2 - 5_000) + ":part"),
                row("case 15: a refund that fits only if an undecided credit did not happen is not sent",
                        activated().withUndecidedCredit(new Step.Credit("shop1/42/credit/101", "101", 5_000, false)),
                        order("completed").refund("101", 5_000).refund("102", TOTAL_2 - 2_000).modifiedAt(12), DEFAULTS,
                        Decision.ACT, "notice:REFUND_MAY_EXCEED_UNDECIDED"),
                row("case 15: a refund that fits even if the undecided credit happened is sent",
                        activated().withUndecidedCredit(new Step.Credit("shop1/42/credit/101", "101", 5_000, false)),
                        order("completed").refund("101", 5_000).refund("102", 3_000).modifiedAt(12), DEFAULTS,
                        Decision.ACT, "credit:102:3000:part"),
                row("case 19: WooCommerce's own zero refund is recorded without a note",
                        activated(), order("refunded").refund("101", TOTAL_2).refund("102", 0).modifiedAt(12), DEFAULTS,
                        Decision.ACT, "credit:101:" + TOTAL_2 + ":whole"),
                row("case 19: a zero refund alone needs nothing",
                        activated(), order("completed").refund("102", 0).modifiedAt(12), DEFAULTS, Decision.NOTHING_MISSING),
                row("a refund already credited is not credited again",
                        activated().applied(new Step.Credit("k", "101", 5_000, false), "C-1"),
                        order("completed").refund("101", 5_000).modifiedAt(12), DEFAULTS, Decision.NOTHING_MISSING),
                row("a refund larger than what is left of the capture is not sent",
                        activated().applied(new Step.Credit("k", "101", 5_000, false), "C-1"),
                        order("refunded").refund("101", 5_000).refund("102", TOTAL_2).modifiedAt(12), DEFAULTS, Decision.ACT,
                        "notice:REFUND_EXCEEDS_CAPTURED"),
                row("case 9: a part refund before activation takes it off the reservation",
                        seen(), order("processing").refund("101", 5_000).modifiedAt(3), DEFAULTS, Decision.ACT,
                        "update:" + (TOTAL_2 - 5_000) + ":less[101]"),
                row("case 9: a full refund before activation cancels the reservation",
                        seen(), order("refunded").refund("101", TOTAL_2).modifiedAt(3), DEFAULTS, Decision.ACT,
                        "cancel:settles[101]"),
                row("case 9: refunds adding up to the whole order before activation cancel the reservation",
                        seen(), order("refunded").refund("101", 5_000).refund("102", TOTAL_2 - 5_000).modifiedAt(3), DEFAULTS,
                        Decision.ACT, "cancel:settles[101, 102]"),
                row("case 9: completing after a refund was taken off captures what is left",
                        takenOff("101", 5_000), order("completed").refund("101", 5_000).modifiedAt(5), DEFAULTS, Decision.ACT,
                        "activate:" + (TOTAL_2 - 5_000) + ":less[101]"),
                row("case 9: a refund before activation that cannot be taken off is credited after activation",
                        seen(), order("processing").refund("101", 5_000).modifiedAt(3), NO_AUTO_UPDATE, Decision.ACT,
                        "notice:REFUND_BEFORE_ACTIVATION"),
                row("a refund while on hold waits for the update",
                        seen(), order("on-hold").refund("101", 5_000).modifiedAt(3), DEFAULTS, Decision.NO_ACTION_FOR_STATUS),
                row("a refund on a cancelled reservation is noted, not credited",
                        cancelled(), order("cancelled").refund("101", 5_000).modifiedAt(4), DEFAULTS, Decision.ACT,
                        "notice:REFUND_AFTER_CANCELLATION"),
                row("case 9: a refund made before the completion first comes off the reservation",
                        seen(), order("completed").refund("101", 5_000).modifiedAt(5), DEFAULTS, Decision.ACT,
                        "update:" + (TOTAL_2 - 5_000) + ":less[101]"),
                row("a refund made before activation, automatic update off, is credited after it",
                        seen(), order("completed").refund("101", 5_000).modifiedAt(5), NO_AUTO_UPDATE, Decision.ACT,
                        "activate:" + TOTAL_2, "credit:101:5000:part"),
                // the capture trigger (seed 004: capture when the goods leave, apart from the status)
                row("with the request trigger the capture status captures nothing",
                        seen(), order("shipped").modifiedAt(5), BY_REQUEST, Decision.NOTHING_MISSING),
                row("with the request trigger the capture status still sends edited lines",
                        seen(), order("shipped").quantity(3).modifiedAt(5), BY_REQUEST, Decision.ACT, "update:" + TOTAL_3),
                row("with the request trigger a capture request activates, whatever the status",
                        seen(), order("shipped").meta(REQUEST_META, "yes").modifiedAt(5), BY_REQUEST, Decision.ACT,
                        "activate:" + TOTAL_2),
                row("a capture request on a processing order activates it",
                        seen(), order("processing").meta(REQUEST_META, "1").modifiedAt(5), BY_REQUEST, Decision.ACT,
                        "activate:" + TOTAL_2),
                row("a request orderhook answered already asks nothing",
                        seen(), order("shipped").meta(REQUEST_META, "done").modifiedAt(5), BY_REQUEST,
                        Decision.NOTHING_MISSING),
                row("with the status trigger the request meta is ignored",
                        seen(), order("processing").meta(REQUEST_META, "yes").modifiedAt(5), SHIPPED, Decision.NOTHING_MISSING),
                row("with either trigger the status captures",
                        seen(), order("shipped").modifiedAt(5), BY_EITHER, Decision.ACT, "activate:" + TOTAL_2),
                row("with either trigger the request captures",
                        seen(), order("processing").meta(REQUEST_META, "requested").modifiedAt(5), BY_EITHER, Decision.ACT,
                        "activate:" + TOTAL_2),
                row("a capture request for a captured payment is answered once, nothing captured again",
                        activated(), order("processing").meta(REQUEST_META, "yes").modifiedAt(6), BY_REQUEST, Decision.ACT,
                        "notice:CAPTURE_REQUEST_ALREADY_DONE"),
                row("a capture request on a cancelled order does not capture: the cancellation wins",
                        seen(), order("cancelled").meta(REQUEST_META, "yes").modifiedAt(5), BY_REQUEST, Decision.ACT, "cancel"),
                row("a capture request on a cancelled reservation says nothing was captured",
                        cancelled(), order("processing").meta(REQUEST_META, "yes").modifiedAt(5), BY_REQUEST, Decision.ACT,
                        "notice:CAPTURE_AFTER_CANCELLATION"),
                row("a refused credit is not sent again",
                        activated().refused(new Step.Credit("shop1/42/credit/101", "101", 5_000, false)),
                        order("completed").refund("101", 5_000).modifiedAt(12), DEFAULTS, Decision.NOTHING_MISSING));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theReconcilerPlansExactlyTheMissingSteps(String name, OrderState recorded, Orders snapshot, ShopSettings settings,
            Decision decision, List<String> expected) {
        Plan plan = Reconciler.plan(snapshot.build(), recorded, settings);

        assertEquals(decision, plan.decision(), () -> "reasons: " + plan.reasons());
        assertEquals(expected, describe(plan), () -> "reasons: " + plan.reasons());
        assertFalse(plan.reasons().isEmpty(), "every plan says why");
    }

    @Test
    void stepKeysAreDeterministicAndNameShopOrderStepAndVersion() {
        OrderSnapshot completed = order("completed").quantity(3).refund("101", 100).modifiedAt(5).build();
        Plan first = Reconciler.plan(completed, seen(), DEFAULTS);
        Plan again = Reconciler.plan(completed, seen(), DEFAULTS);

        assertEquals(first.steps(), again.steps());
        assertEquals("shop1/42/update/" + OrderLines.hash(completed, List.of("101")), first.steps().get(0).key());

        OrderSnapshot plain = order("completed").modifiedAt(5).build();
        assertEquals("shop1/42/activate/" + plain.dateModifiedGmt().getEpochSecond(),
                Reconciler.plan(plain, seen(), DEFAULTS).steps().get(0).key());
        OrderSnapshot refunded = order("completed").refund("101", 100).modifiedAt(6).build();
        assertEquals("shop1/42/credit/101", Reconciler.plan(refunded, activated(), DEFAULTS).steps().get(0).key());
    }

    @Test
    void case11AShopClockHoursAheadIsBoundedByTheReceiptTimeAndLaterChangesStillCount() {
        java.time.Instant received = Orders.T0.plusSeconds(60).plusMillis(400);
        OrderSnapshot ahead = order("processing").modifiedAt(180).build();
        Plan first = Reconciler.plan(ahead, seen(), DEFAULTS, received);

        assertEquals(Orders.T0.plusSeconds(60), first.accepted().lastModifiedGmt(), "the receipt time, in whole seconds");
        assertEquals(List.of("notice:CLOCK_AHEAD"), describe(first));

        OrderState after = first.accepted().withNoticeGiven(first.notices().get(0).key());
        OrderSnapshot cancelledLater = order("cancelled").modifiedAt(10).build();
        Plan second = Reconciler.plan(cancelledLater, after, DEFAULTS, Orders.T0.plusSeconds(600));
        assertEquals(List.of("cancel"), describe(second), () -> second.reasons().toString());
    }

    @Test
    void acceptingANewerSnapshotRecordsItsTimeAndPaymentNumberAndConsumesTheEcho() {
        OrderSnapshot echo = order("on-hold").modifiedAt(6).build();
        Plan plan = Reconciler.plan(echo, seen().withWrittenStatus("on-hold"), DEFAULTS);

        assertEquals(echo.dateModifiedGmt(), plan.accepted().lastModifiedGmt());
        assertEquals("1000001", plan.accepted().paymentNumber());
        assertNull(plan.accepted().writtenStatus());
    }

    @Test
    void anIgnoredSnapshotLeavesTheRecordedStateAsItWas() {
        OrderState recorded = seenAt(10);
        Plan plan = Reconciler.plan(order("cancelled").modifiedAt(5).build(), recorded, DEFAULTS);

        assertEquals(recorded, plan.accepted());
    }

    private static OrderState seenAt(int minutes) {
        return Reconciler.plan(order("processing").modifiedAt(minutes).build(), OrderState.initial("shop1", "42"), DEFAULTS)
                .accepted().withVersion(1);
    }

    private static OrderState activatedAt(int minutes) {
        return seenAt(minutes).applied(new Step.Activate("k", 10_000, java.util.List.of()), "A-1");
    }

    private static OrderState refusedUpdate() {
        OrderSnapshot edited = order("processing").quantity(3).build();
        return seen().refused(new Step.Update("shop1/42/update/" + OrderLines.hash(edited), OrderLines.hash(edited), TOTAL_3));
    }

    /** The provider holds the lines of {@code quantity} (an update was applied). */
    private static OrderState updatedTo(long quantity) {
        OrderSnapshot edited = order("processing").quantity(quantity).build();
        return seen().applied(new Step.Update("u", OrderLines.hash(edited), Orders.totalFor(quantity)), null);
    }

    /** Refund {@code id} was taken off the reservation by an update. */
    private static OrderState takenOff(String id, long amount) {
        OrderSnapshot refunded = order("processing").refund(id, amount).build();
        return seen().applied(new Step.Update("u", OrderLines.hash(refunded, List.of(id)), TOTAL_2 - amount, List.of(id)), null);
    }

    private static OrderState refusedActivationAt(int minutes) {
        long epoch = order("completed").modifiedAt(minutes).build().dateModifiedGmt().getEpochSecond();
        return seen().refused(new Step.Activate("shop1/42/activate/" + epoch, 10_000, java.util.List.of()));
    }

    private static Arguments row(String name, OrderState recorded, Orders snapshot, ShopSettings settings, Decision decision,
            String... expected) {
        return Arguments.of(name, recorded, snapshot, settings, decision, List.of(expected));
    }

    private static List<String> describe(Plan plan) {
        List<String> out = new ArrayList<>();
        for (Step step : plan.steps()) {
            if (step instanceof Step.Update u) {
                out.add("update:" + u.total() + (u.settlesRefundIds().isEmpty() ? "" : ":less" + u.settlesRefundIds()));
            } else if (step instanceof Step.Credit c) {
                out.add("credit:" + c.refundId() + ":" + c.amount() + (c.wholePayment() ? ":whole" : ":part"));
            } else if (step instanceof Step.Activate a) {
                out.add("activate:" + a.amount() + (a.refundsTakenOff().isEmpty() ? "" : ":less" + a.refundsTakenOff()));
            } else if (step instanceof Step.Cancel c && !c.settlesRefundIds().isEmpty()) {
                out.add("cancel:settles" + c.settlesRefundIds());
            } else {
                out.add(step.kind().wireName());
            }
        }
        plan.notices().forEach(n -> out.add("notice:" + n.kind() + (n.setsFailureStatus() ? ":failure-status" : "")));
        return out;
    }

}

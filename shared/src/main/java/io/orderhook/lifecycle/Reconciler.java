package io.orderhook.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.orderhook.lifecycle.Notice.NoticeKind;
import io.orderhook.lifecycle.Plan.Decision;
import io.orderhook.order.OrderSnapshot;
import io.orderhook.order.RefundRef;
import io.orderhook.shop.ShopSettings;

/**
 * Level-triggered reconciliation (DESIGN section 2): from the latest order snapshot derive
 * the reservation the provider should hold, compare it with what is recorded, and return
 * the missing steps. Pure: no clients, no clock, no I/O. The processor re-plans after every
 * step it runs, so a plan only has to be right about its first step.
 *
 * <p>Money rules, each checked here before any call is planned: nothing is captured while the
 * provider holds another total than the order is owed (the order's total less refunds already
 * taken off the reservation); a refund made before capture is taken off the reservation (or
 * cancels it when it is the whole order), never captured and credited back; a credit is sent
 * only while it surely fits in what is left of the captured amount.
 */
public final class Reconciler {
    private Reconciler() {}

    /**
     * How far ahead of the receipt time a shop's modification time may be before it is taken
     * for a wrong clock (WooCommerce stamps with the shop server's clock).
     */
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    public static Plan plan(OrderSnapshot snapshot, OrderState recorded, ShopSettings settings) {
        return plan(snapshot, recorded, settings, null);
    }

    /**
     * @param receivedAt when orderhook received the snapshot, or null when not known; bounds a
     *                   modification time from a shop clock that is ahead
     */
    public static Plan plan(OrderSnapshot snapshot, OrderState recorded, ShopSettings settings, Instant receivedAt) {
        if (!settings.orderManagementEnabled()) {
            return ignored(Decision.MANAGEMENT_DISABLED, "order management is disabled for this shop", recorded);
        }
        if (!settings.paymentMethods().contains(snapshot.paymentMethod())) {
            return ignored(Decision.NOT_OUR_PAYMENT_METHOD, "payment method '" + snapshot.paymentMethod()
                    + "' is not one of this shop's " + settings.paymentMethods(), recorded);
        }
        String number = PaymentNumbers.of(snapshot, settings.paymentNumberFields());
        boolean asksForPayment = CaptureRequest.byStatus(snapshot, settings) || CaptureRequest.asked(snapshot, settings)
                || snapshot.status().equals(OrderStatuses.CANCELLED);
        if (number.isEmpty() && recorded.paymentNumber() == null && !asksForPayment) {
            return ignored(Decision.NO_TRANSACTION_ID, "the order has no payment number in "
                    + settings.paymentNumberFields() + ", so there is no reservation", recorded);
        }
        if (recorded.pending() != null) {
            return ignored(Decision.PENDING_UNRESOLVED, "step " + recorded.pending().step().key()
                    + " must be resolved with the provider first", recorded);
        }

        List<Notice> early = new ArrayList<>();
        if (receivedAt != null && snapshot.dateModifiedGmt().isAfter(receivedAt.plus(CLOCK_SKEW))) {
            early.add(new Notice(keyBase(recorded) + "/notice/clock-ahead", NoticeKind.CLOCK_AHEAD, null, 0,
                    snapshot.dateModifiedGmt() + " received " + receivedAt, false));
            // WooCommerce's times are whole seconds: a later change in the same second must not look older.
            snapshot = snapshot.withDateModifiedGmt(receivedAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        }
        if (recorded.lastModifiedGmt() != null && snapshot.dateModifiedGmt().isBefore(recorded.lastModifiedGmt())) {
            return ignored(Decision.STALE, "stale: modified " + snapshot.dateModifiedGmt()
                    + " is older than the applied " + recorded.lastModifiedGmt(), recorded);
        }

        if (RetryPlan.merchantTookOver(snapshot, recorded)) {
            recorded = recorded.withoutRetry();
        }
        String shownStatus = snapshot.status();
        snapshot = RetryPlan.asPlanned(snapshot, recorded.retry());

        if (number.isEmpty() && recorded.paymentNumber() == null) {
            // The merchant asked for a capture or cancellation and there is nothing to do it with.
            PlanBuilder plan = new PlanBuilder(recorded.accepted(null, snapshot.dateModifiedGmt(), snapshot.status(), null, 0,
                    recorded.writtenStatus()), keyBase(recorded));
            early.forEach(plan::notice);
            plan.notice(new Notice(plan.base + "/notice/missing-number/" + snapshot.status() + "/"
                    + snapshot.dateModifiedGmt().getEpochSecond(), NoticeKind.MISSING_PAYMENT_NUMBER, null, 0,
                    snapshot.status(), !settings.failureStatus().equals(snapshot.status())));
            plan.reasons.add("status '" + snapshot.status() + "' asks for the payment, but the order has no payment number");
            return plan.build(false, false);
        }

        String linesHash = OrderLines.hash(snapshot);
        boolean newer = recorded.lastModifiedGmt() == null || snapshot.dateModifiedGmt().isAfter(recorded.lastModifiedGmt());
        boolean echo = recorded.writtenStatus() != null && recorded.writtenStatus().equals(snapshot.status());
        // Only a newer snapshot can be the echo or prove the echo will not come.
        String writtenStatus = newer ? null : recorded.writtenStatus();
        OrderState state = recorded.accepted(number.isEmpty() ? recorded.paymentNumber() : number,
                snapshot.dateModifiedGmt(), shownStatus, linesHash, snapshot.total(), writtenStatus);

        PlanBuilder plan = new PlanBuilder(state, keyBase(state));
        early.forEach(plan::notice);
        if (!number.isEmpty() && state.paymentNumber() != null && !number.equals(state.paymentNumber())) {
            plan.notice(new Notice(plan.base + "/notice/number-changed/" + number, NoticeKind.PAYMENT_NUMBER_CHANGED,
                    null, 0, number, false));
            plan.reasons.add("the order now shows payment number " + number + "; orderhook keeps managing "
                    + state.paymentNumber());
        }
        if (state.reservation() == Reservation.NOT_FOUND) {
            plan.reasons.add("the provider does not know payment " + state.paymentNumber());
            plan.notice(plan.base + "/notice/not-found/" + state.paymentNumber(), NoticeKind.PAYMENT_NOT_FOUND, null, 0,
                    "payment " + state.paymentNumber() + " is unknown to the provider");
            return plan.build(false, false);
        }

        List<RefundRef> refunds = new ArrayList<>(snapshot.refunds());
        refunds.sort(Comparator.comparing(RefundRef::refundId, PlanBuilder::compareIds));
        for (RefundRef refund : refunds) {
            if (refund.amount() == 0 && !plan.state.creditedRefundIds().contains(refund.refundId())) {
                // WooCommerce's own "Order fully refunded." of 0.00: no money moves, nothing to tell.
                plan.settle(refund.refundId());
            }
        }
        // Refunds the gateway paid back itself are settled: never credited, never taken off a reservation.
        List<RefundRef> moneyRefunds = refunds.stream()
                .filter(r -> r.amount() > 0 && !plan.state.gatewayRefundIds().contains(r.refundId())).toList();

        String status = snapshot.status();
        // A cancelled order is cancelled, whatever a shipping plugin asked for.
        boolean requested = CaptureRequest.asked(snapshot, settings) && !status.equals(OrderStatuses.CANCELLED);
        boolean captureAsked = CaptureRequest.byStatus(snapshot, settings) || requested;
        boolean statusAsksNothing = false;
        boolean activationPlanned = false;
        Reservation reservation = plan.state.reservation();
        long refundedTotal = moneyRefunds.stream().mapToLong(RefundRef::amount).sum();
        if (reservation == Reservation.RESERVED && !moneyRefunds.isEmpty() && refundedTotal >= snapshot.total()) {
            // The whole order was refunded before anything was captured: release the reservation.
            plan.cancel(snapshot, moneyRefunds, "refunded", "the whole order was refunded before activation: cancel the reservation");
        } else if (echo && !requested) {
            plan.reasons.add("status '" + status + "' is the echo of orderhook's own write-back");
            if (reservation == Reservation.RESERVED) {
                statusAsksNothing = true;
            }
        } else if (captureAsked) {
            switch (reservation) {
                case RESERVED -> {
                    if (!plan.updateIfChanged(snapshot, linesHash, moneyRefunds, settings)) {
                        long owed = snapshot.total() - plan.takenOff(moneyRefunds);
                        String key = plan.base + "/activate/" + snapshot.dateModifiedGmt().getEpochSecond();
                        if (plan.state.syncedTotal() != owed) {
                            plan.notice(new Notice(plan.base + "/notice/capture-blocked/" + snapshot.dateModifiedGmt().getEpochSecond(),
                                    NoticeKind.CAPTURE_BLOCKED_TOTAL_DIFFERS, null, owed, Long.toString(plan.state.syncedTotal()),
                                    !settings.failureStatus().equals(status)));
                            plan.reasons.add("the provider holds " + plan.state.syncedTotal() + " but the order is owed "
                                    + owed + ": not activated");
                        } else if (plan.state.refusedKeys().contains(key)) {
                            plan.reasons.add("activation was refused for this version of the order; change the order to retry");
                        } else {
                            plan.steps.add(new Step.Activate(key, owed, plan.takenOffIds(moneyRefunds)));
                            plan.reasons.add(requested ? "a capture request: activate" : "'" + status + "' is the capture status: activate");
                            activationPlanned = true;
                        }
                    }
                }
                case ACTIVATED -> {
                    plan.reasons.add("already activated");
                    if (requested) {
                        plan.notice(new Notice(CaptureRequest.answerKey(plan.state, snapshot),
                                NoticeKind.CAPTURE_REQUEST_ALREADY_DONE, null, 0, null, false));
                    }
                }
                case CANCELLED -> plan.notice(plan.base + "/notice/capture-after-cancellation",
                        NoticeKind.CAPTURE_AFTER_CANCELLATION, null, 0, "status '" + status + "' but the reservation is cancelled");
                case NOT_FOUND -> throw new IllegalStateException("handled above");
            }
        } else {
            // When only a request captures, the capture status is a shipping status like any other:
            // the reservation follows the order's lines as while processing.
            switch (status.equals(settings.captureStatus()) ? OrderStatuses.PROCESSING : status) {
                case OrderStatuses.PROCESSING -> {
                    switch (reservation) {
                        case RESERVED -> plan.updateIfChanged(snapshot, linesHash, moneyRefunds, settings);
                        case ACTIVATED -> plan.reasons.add(linesHash.equals(plan.state.syncedLinesHash())
                                ? "already activated" : "lines changed after activation: only refunds can change it now");
                        case CANCELLED -> plan.reasons.add("the reservation is cancelled");
                        case NOT_FOUND -> throw new IllegalStateException("handled above");
                    }
                }
                case OrderStatuses.CANCELLED -> {
                    switch (reservation) {
                        case RESERVED -> plan.cancel(snapshot, moneyRefunds, Long.toString(snapshot.dateModifiedGmt().getEpochSecond()),
                                "cancelled while reserved: cancel the reservation");
                        case ACTIVATED -> plan.notice(plan.base + "/notice/cancelled-after-activation",
                                NoticeKind.CANCELLED_AFTER_ACTIVATION, null, 0, "cancelled after activation: it must be refunded instead");
                        case CANCELLED -> plan.reasons.add("already cancelled");
                        case NOT_FOUND -> throw new IllegalStateException("handled above");
                    }
                }
                case OrderStatuses.ON_HOLD -> {
                    statusAsksNothing = true;
                    plan.reasons.add("on-hold: the merchant may be editing, the reservation stays as it is");
                }
                default -> {
                    statusAsksNothing = true;
                    plan.reasons.add("status '" + status + "' asks nothing of the reservation");
                }
            }
        }

        plan.refunds(snapshot, moneyRefunds, activationPlanned, settings);
        plan.overCollection(snapshot, refunds, settings);

        Decision decision = !plan.steps.isEmpty() || !plan.notices.isEmpty() ? Decision.ACT
                : echo ? Decision.ECHO
                : statusAsksNothing ? Decision.NO_ACTION_FOR_STATUS
                : Decision.NOTHING_MISSING;
        return RetryPlan.apply(new Plan(decision, plan.reasons, plan.steps, plan.notices, plan.state), plan.state.retry(),
                receivedAt);
    }

    /** {@code shop/order}: the prefix of every idempotency key of this order. */
    static String keyBase(OrderState state) {
        return state.shopId() + "/" + state.orderId();
    }

    private static Plan ignored(Decision decision, String reason, OrderState recorded) {
        return new Plan(decision, List.of(reason), List.of(), List.of(), recorded);
    }
}

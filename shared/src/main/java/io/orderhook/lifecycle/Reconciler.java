package io.orderhook.lifecycle;

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
 */
public final class Reconciler {
    private Reconciler() {}

    public static Plan plan(OrderSnapshot snapshot, OrderState recorded, ShopSettings settings) {
        if (!settings.orderManagementEnabled()) {
            return ignored(Decision.MANAGEMENT_DISABLED, "order management is disabled for this shop", recorded);
        }
        if (!settings.paymentMethods().contains(snapshot.paymentMethod())) {
            return ignored(Decision.NOT_OUR_PAYMENT_METHOD, "payment method '" + snapshot.paymentMethod()
                    + "' is not one of this shop's " + settings.paymentMethods(), recorded);
        }
        if (snapshot.transactionId() == null || snapshot.transactionId().isBlank()) {
            return ignored(Decision.NO_TRANSACTION_ID, "the order has no transaction_id, so there is no reservation", recorded);
        }
        if (recorded.pending() != null) {
            return ignored(Decision.PENDING_UNRESOLVED, "step " + recorded.pending().step().key()
                    + " must be resolved with the provider first", recorded);
        }
        if (recorded.lastModifiedGmt() != null && snapshot.dateModifiedGmt().isBefore(recorded.lastModifiedGmt())) {
            return ignored(Decision.STALE, "stale: modified " + snapshot.dateModifiedGmt()
                    + " is older than the applied " + recorded.lastModifiedGmt(), recorded);
        }

        String linesHash = OrderLines.hash(snapshot);
        boolean newer = recorded.lastModifiedGmt() == null || snapshot.dateModifiedGmt().isAfter(recorded.lastModifiedGmt());
        boolean echo = recorded.writtenStatus() != null && recorded.writtenStatus().equals(snapshot.status());
        // Only a newer snapshot can be the echo or prove the echo will not come.
        String writtenStatus = newer ? null : recorded.writtenStatus();
        OrderState state = recorded.accepted(snapshot.transactionId(), snapshot.dateModifiedGmt(), linesHash,
                snapshot.total(), writtenStatus);

        Building plan = new Building(state, keyBase(state));
        String status = snapshot.status();
        boolean statusAsksNothing = false;
        boolean activationPlanned = false;
        if (echo) {
            plan.reasons.add("status '" + status + "' is the echo of orderhook's own write-back");
        } else if (status.equals(settings.captureStatus())) {
            switch (state.reservation()) {
                case RESERVED -> {
                    plan.updateIfLinesChanged(linesHash, snapshot.total(), settings);
                    String key = plan.base + "/activate/" + snapshot.dateModifiedGmt().getEpochSecond();
                    if (state.refusedKeys().contains(key)) {
                        plan.reasons.add("activation was refused for this version of the order; change the order to retry");
                    } else {
                        plan.steps.add(new Step.Activate(key));
                        plan.reasons.add("'" + status + "' is the capture status: activate");
                        activationPlanned = true;
                    }
                }
                case ACTIVATED -> plan.reasons.add("already activated");
                case CANCELLED -> plan.notice("capture-after-cancellation", NoticeKind.CAPTURE_AFTER_CANCELLATION, null, 0,
                        "status '" + status + "' but the reservation is cancelled");
            }
        } else {
            switch (status) {
                case "processing" -> {
                    switch (state.reservation()) {
                        case RESERVED -> plan.updateIfLinesChanged(linesHash, snapshot.total(), settings);
                        case ACTIVATED -> plan.reasons.add(linesHash.equals(state.syncedLinesHash())
                                ? "already activated" : "lines changed after activation: only refunds can change it now");
                        case CANCELLED -> plan.reasons.add("the reservation is cancelled");
                    }
                }
                case "cancelled" -> {
                    switch (state.reservation()) {
                        case RESERVED -> {
                            String key = plan.base + "/cancel/" + snapshot.dateModifiedGmt().getEpochSecond();
                            if (state.refusedKeys().contains(key)) {
                                plan.reasons.add("cancellation was refused for this version of the order");
                            } else {
                                plan.steps.add(new Step.Cancel(key));
                                plan.reasons.add("cancelled while reserved: cancel the reservation");
                            }
                        }
                        case ACTIVATED -> plan.notice("cancelled-after-activation", NoticeKind.CANCELLED_AFTER_ACTIVATION,
                                null, 0, "cancelled after activation: it must be refunded instead");
                        case CANCELLED -> plan.reasons.add("already cancelled");
                    }
                }
                case "on-hold" -> {
                    statusAsksNothing = true;
                    plan.reasons.add("on-hold: the merchant may be editing, the reservation stays as it is");
                }
                default -> {
                    statusAsksNothing = true;
                    plan.reasons.add("status '" + status + "' asks nothing of the reservation");
                }
            }
        }

        long remaining = activationPlanned ? snapshot.total() : state.remainingCaptured();
        Reservation reservation = activationPlanned ? Reservation.ACTIVATED : state.reservation();
        List<RefundRef> refunds = new ArrayList<>(snapshot.refunds());
        refunds.sort(Comparator.comparing(RefundRef::refundId, Reconciler::compareIds));
        for (RefundRef refund : refunds) {
            if (state.creditedRefundIds().contains(refund.refundId())) {
                continue;
            }
            String id = refund.refundId();
            switch (reservation) {
                case ACTIVATED -> {
                    String key = plan.base + "/credit/" + id;
                    if (state.refusedKeys().contains(key)) {
                        plan.reasons.add("refund " + id + " was refused or could not be confirmed before; not sent again");
                    } else if (refund.amount() > remaining) {
                        plan.notice("refund-exceeds-captured/" + id, NoticeKind.REFUND_EXCEEDS_CAPTURED, id, refund.amount(),
                                "refund " + id + " exceeds the " + remaining + " left of the captured total");
                    } else {
                        plan.steps.add(new Step.Credit(key, id, refund.amount(), refund.amount() == remaining));
                        plan.reasons.add("refund " + id + " is new: credit it");
                        remaining -= refund.amount();
                    }
                }
                case RESERVED -> plan.notice("refund-before-activation/" + id, NoticeKind.REFUND_BEFORE_ACTIVATION, id,
                        refund.amount(), "refund " + id + " before activation: credited once activated");
                case CANCELLED -> plan.notice("refund-after-cancellation/" + id, NoticeKind.REFUND_AFTER_CANCELLATION, id,
                        refund.amount(), "refund " + id + " on a cancelled reservation: nothing was captured");
            }
        }

        Decision decision = !plan.steps.isEmpty() || !plan.notices.isEmpty() ? Decision.ACT
                : echo ? Decision.ECHO
                : statusAsksNothing ? Decision.NO_ACTION_FOR_STATUS
                : Decision.NOTHING_MISSING;
        return new Plan(decision, plan.reasons, plan.steps, plan.notices, state);
    }

    /** {@code shop/order}: the prefix of every idempotency key of this order. */
    static String keyBase(OrderState state) {
        return state.shopId() + "/" + state.orderId();
    }

    private static Plan ignored(Decision decision, String reason, OrderState recorded) {
        return new Plan(decision, List.of(reason), List.of(), List.of(), recorded);
    }

    /** WooCommerce refund ids are numbers: 9 comes before 10. */
    private static int compareIds(String a, String b) {
        if (a.chars().allMatch(Character::isDigit) && b.chars().allMatch(Character::isDigit) && !a.isEmpty() && !b.isEmpty()) {
            int byLength = Integer.compare(a.length(), b.length());
            return byLength != 0 ? byLength : a.compareTo(b);
        }
        return a.compareTo(b);
    }

    private static final class Building {
        final OrderState state;
        final String base;
        final List<Step> steps = new ArrayList<>();
        final List<Notice> notices = new ArrayList<>();
        final List<String> reasons = new ArrayList<>();

        Building(OrderState state, String base) {
            this.state = state;
            this.base = base;
        }

        void updateIfLinesChanged(String linesHash, long total, ShopSettings settings) {
            if (linesHash.equals(state.syncedLinesHash())) {
                reasons.add("the provider holds the order's lines");
                return;
            }
            if (!settings.autoUpdate()) {
                reasons.add("lines changed but automatic update is off");
                return;
            }
            String key = base + "/update/" + linesHash;
            if (state.refusedKeys().contains(key)) {
                reasons.add("the update to these lines was refused before; not sent again");
                return;
            }
            steps.add(new Step.Update(key, linesHash, total));
            reasons.add("lines or total differ from what the provider holds: update");
        }

        void notice(String keySuffix, NoticeKind kind, String refundId, long amount, String reason) {
            String key = base + "/notice/" + keySuffix;
            reasons.add(reason);
            if (!state.noticesGiven().contains(key)) {
                notices.add(new Notice(key, kind, refundId, amount));
            }
        }
    }
}

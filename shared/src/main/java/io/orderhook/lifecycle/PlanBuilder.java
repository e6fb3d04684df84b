package io.orderhook.lifecycle;

import java.util.ArrayList;
import java.util.List;

import io.orderhook.lifecycle.Notice.NoticeKind;
import io.orderhook.lifecycle.Plan.Decision;
import io.orderhook.order.OrderSnapshot;
import io.orderhook.order.RefundRef;
import io.orderhook.shop.ShopSettings;

/**
 * A plan as the reconciler builds it: the steps, notices and reasons found so far over the state
 * as it would be after them, and the rules for updates, cancellations and credits that decide
 * each step's key (so a step refused before is not planned again).
 */
final class PlanBuilder {
    OrderState state;
    final String base;
    final List<Step> steps = new ArrayList<>();
    final List<Notice> notices = new ArrayList<>();
    final List<String> reasons = new ArrayList<>();

    PlanBuilder(OrderState state, String base) {
        this.state = state;
        this.base = base;
    }

    /** What refunds the reservation no longer holds: those already taken off it by an update. */
    List<String> takenOffIds(List<RefundRef> refunds) {
        return refunds.stream().map(RefundRef::refundId).filter(state.creditedRefundIds()::contains).sorted().toList();
    }

    long takenOff(List<RefundRef> refunds) {
        return refunds.stream().filter(r -> state.creditedRefundIds().contains(r.refundId()))
                .mapToLong(RefundRef::amount).sum();
    }

    /**
     * Plans the update that makes the reservation hold the order's lines less its refunds
     * (while automatic update is on); when that update was refused, the order's lines alone
     * (the refunds are then credited after activation). Returns whether an update was planned.
     */
    boolean updateIfChanged(OrderSnapshot order, String linesHash, List<RefundRef> refunds, ShopSettings settings) {
        List<Target> targets = new ArrayList<>();
        if (settings.autoUpdate() && !refunds.isEmpty()) {
            targets.add(new Target(OrderLines.hash(order, ids(refunds)),
                    order.total() - refunds.stream().mapToLong(RefundRef::amount).sum(), ids(refunds)));
        }
        targets.add(new Target(linesHash, order.total(), List.of()));
        for (Target target : targets) {
            if (target.hash.equals(state.syncedLinesHash())) {
                reasons.add(target.refundIds.isEmpty() ? "the provider holds the order's lines"
                        : "the provider holds the order's lines less refunds " + target.refundIds);
                return false;
            }
            if (!settings.autoUpdate()) {
                reasons.add("lines changed but automatic update is off");
                return false;
            }
            String key = base + "/update/" + target.hash;
            if (state.refusedKeys().contains(key)) {
                reasons.add("the update to " + (target.refundIds.isEmpty() ? "these lines" : "these lines less refunds "
                        + target.refundIds) + " was refused before; not sent again");
                continue;
            }
            steps.add(new Step.Update(key, target.hash, target.total, target.refundIds));
            reasons.add(target.refundIds.isEmpty() ? "lines or total differ from what the provider holds: update"
                    : "refunds " + target.refundIds + " were made before activation: take them off the reservation");
            return true;
        }
        return false;
    }

    void cancel(OrderSnapshot order, List<RefundRef> refunds, String version, String reason) {
        String key = base + "/cancel/" + version;
        if (state.refusedKeys().contains(key)) {
            reasons.add("cancellation was refused for this version of the order");
            return;
        }
        steps.add(new Step.Cancel(key, ids(refunds)));
        reasons.add(reason);
    }

    /** Each money refund not yet settled, lowest id first: credited once captured. */
    void refunds(OrderSnapshot order, List<RefundRef> refunds, boolean activationPlanned, ShopSettings settings) {
        Reservation reservation = activationPlanned ? Reservation.ACTIVATED : state.reservation();
        boolean reservationShrinks = steps.stream().anyMatch(s -> s instanceof Step.Update u && !u.settlesRefundIds().isEmpty())
                || steps.stream().anyMatch(s -> s instanceof Step.Cancel);
        long remaining = activationPlanned ? state.syncedTotal() : state.remainingCaptured();
        long undecided = state.undecidedCredit();
        boolean nothingCreditedYet = state.creditedAmount() == 0 && undecided == 0;
        long captured = activationPlanned ? state.syncedTotal() : state.activatedTotal();
        // While reserved, refunds wait for the update that takes them off the reservation (sent
        // when the order is processing or completed) unless that cannot happen.
        boolean canTakeOff = settings.autoUpdate() && !refunds.isEmpty()
                && !state.refusedKeys().contains(base + "/update/" + OrderLines.hash(order, ids(refunds)));
        for (RefundRef refund : refunds) {
            String id = refund.refundId();
            if (state.creditedRefundIds().contains(id)) {
                continue;
            }
            switch (reservation) {
                case ACTIVATED -> {
                    String key = base + "/credit/" + id;
                    if (state.refusedKeys().contains(key)) {
                        reasons.add("refund " + id + " was refused or could not be confirmed before; not sent again");
                    } else if (refund.amount() > remaining && refund.amount() <= remaining + undecided) {
                        notice(new Notice(base + "/notice/refund-may-exceed/" + id, NoticeKind.REFUND_MAY_EXCEED_UNDECIDED,
                                id, refund.amount(), Long.toString(undecided), false));
                        reasons.add("refund " + id + " may exceed what is left: an earlier credit is undecided");
                    } else if (refund.amount() > remaining) {
                        notice(base + "/notice/refund-exceeds-captured/" + id, NoticeKind.REFUND_EXCEEDS_CAPTURED, id,
                                refund.amount(), "refund " + id + " exceeds the " + remaining + " left of the captured total");
                    } else {
                        boolean whole = nothingCreditedYet && refund.amount() == captured;
                        steps.add(new Step.Credit(key, id, refund.amount(), whole));
                        reasons.add("refund " + id + " is new: credit it");
                        remaining -= refund.amount();
                        nothingCreditedYet = false;
                    }
                }
                case RESERVED -> {
                    if (reservationShrinks) {
                        reasons.add("refund " + id + " is taken off the reservation");
                    } else if (canTakeOff) {
                        reasons.add("refund " + id + " is taken off the reservation once the order is processing or completed");
                    } else {
                        notice(base + "/notice/refund-before-activation/" + id, NoticeKind.REFUND_BEFORE_ACTIVATION, id,
                                refund.amount(), "refund " + id + " before activation: credited once activated");
                    }
                }
                case CANCELLED -> notice(base + "/notice/refund-after-cancellation/" + id,
                        NoticeKind.REFUND_AFTER_CANCELLATION, id, refund.amount(),
                        "refund " + id + " on a cancelled reservation: nothing was captured");
                case NOT_FOUND -> reasons.add("refund " + id + ": the provider does not know the payment");
            }
        }
    }

    /**
     * Money kept beyond what the order is now worth: captured less refunded (undecided credits
     * counted as refunded) above the order's total less its settled refunds. Checked only when nothing is
     * about to move money (a planned credit settles a new refund), and told once per amounts.
     */
    void overCollection(OrderSnapshot order, List<RefundRef> allRefunds, ShopSettings settings) {
        if (!steps.isEmpty() || state.reservation() != Reservation.ACTIVATED) {
            return;
        }
        // Refunds not settled yet have notes of their own (not sent, may exceed, refused): only settled ones count.
        long worth = order.total() - allRefunds.stream().filter(r -> state.creditedRefundIds().contains(r.refundId()))
                .mapToLong(RefundRef::amount).filter(a -> a > 0).sum();
        long kept = state.payment().captured() - state.payment().refunded() - state.undecidedCredit();
        // Refunds beyond the total are told on their own (they exceed what was captured); kept money is never below 0.
        if (kept > Math.max(0, worth)) {
            String review = settings.declines().reviewStatus();
            notice(new Notice(base + "/notice/over-collected/" + kept + "/" + worth, NoticeKind.OVER_COLLECTED, null,
                    kept - worth, Long.toString(worth), !review.equals(order.status())));
            reasons.add("captured less refunded is " + kept + ", but the order is worth " + worth + ": review");
        }
    }

    void settle(String refundId) {
        state = state.withRefundSettled(refundId);
        reasons.add("refund " + refundId + " moves no money: recorded");
    }

    void notice(String key, NoticeKind kind, String refundId, long amount, String reason) {
        reasons.add(reason);
        notice(new Notice(key, kind, refundId, amount));
    }

    void notice(Notice notice) {
        if (!state.noticesGiven().contains(notice.key())
                && notices.stream().noneMatch(n -> n.key().equals(notice.key()))) {
            notices.add(notice);
        }
    }

    Plan build(boolean echo, boolean statusAsksNothing) {
        Decision decision = !steps.isEmpty() || !notices.isEmpty() ? Decision.ACT
                : echo ? Decision.ECHO : statusAsksNothing ? Decision.NO_ACTION_FOR_STATUS : Decision.NOTHING_MISSING;
        return new Plan(decision, reasons, steps, notices, state);
    }

    private record Target(String hash, long total, List<String> refundIds) {}

    /** WooCommerce refund ids are numbers: 9 comes before 10. */
    static int compareIds(String a, String b) {
        if (a.chars().allMatch(Character::isDigit) && b.chars().allMatch(Character::isDigit) && !a.isEmpty() && !b.isEmpty()) {
            int byLength = Integer.compare(a.length(), b.length());
            return byLength != 0 ? byLength : a.compareTo(b);
        }
        return a.compareTo(b);
    }

    static List<String> ids(List<RefundRef> refunds) {
        return refunds.stream().map(RefundRef::refundId).sorted(PlanBuilder::compareIds).toList();
    }
}

package io.orderhook.processing;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.orderhook.ledger.LedgerEntry;
import io.orderhook.lifecycle.CaptureRequest;
import io.orderhook.lifecycle.Notice;
import io.orderhook.lifecycle.PaymentNumbers;
import io.orderhook.lifecycle.Plan;
import io.orderhook.lifecycle.Reconciler;
import io.orderhook.lifecycle.Reservation;
import io.orderhook.lifecycle.Step;
import io.orderhook.order.OrderSnapshot;
import io.orderhook.order.Refund;
import io.orderhook.processing.OrderProcessor.Outcome;
import io.orderhook.processing.OrderProcessor.Result;
import io.orderhook.provider.ProviderResult;
import io.orderhook.shop.ShopConfig;
import io.orderhook.shop.ShopResult;
import io.orderhook.store.DebugLogStore;
import io.orderhook.store.NoteStore;
import io.orderhook.store.NoteStore.Level;
import io.orderhook.store.NoteStore.Note;
import io.orderhook.store.OrderStateStore;

/**
 * One order's processing: resolve a step left pending, learn what the provider holds on first
 * sight, then plan and run one step at a time (the reconciler plans again after each), each
 * recorded before and after it runs.
 */
final class OrderRun {
    private static final int MAX_ROUNDS = 16;

    /** What every run uses: the stores, the clients of a shop, the clock and the event log. */
    record Services(ShopConnections connections, OrderStateStore states, NoteStore notes, DebugLogStore logs,
            Clock clock, EventLog events) {}

    private final OrderWork work;
    private final Instant receivedAt;
    private final StepRunner steps;

    OrderRun(Services services, ShopConfig config, OrderSnapshot snapshot, DebugLog debug,
            Instant receivedAt) {
        this.work = new OrderWork(services, config, snapshot, debug);
        this.receivedAt = receivedAt;
        this.steps = new StepRunner(work);
    }

    OrderWork work() {
        return work;
    }

    Outcome run() {
        work.load();
        String number = PaymentNumbers.of(work.snapshot, work.settings.paymentNumberFields());
        if (work.working.reservation() == Reservation.NOT_FOUND && !number.isEmpty()
                && !number.equals(work.working.paymentNumber())) {
            work.working = work.working.relearn(number);
        }
        if (work.working.pending() != null) {
            Outcome behind = catchUpWithTheShop();
            if (behind != null) {
                return behind;
            }
            Outcome unresolved = new PendingResolver(work, steps).resolve();
            if (unresolved != null) {
                return unresolved;
            }
        }
        String known = work.working.paymentNumber() != null ? work.working.paymentNumber() : number;
        if (!work.working.providerKnown() && work.working.pending() == null && !known.isEmpty()) {
            Outcome unknown = new FirstSight(work).learn(known);
            if (unknown != null) {
                return unknown;
            }
        }
        Outcome lapsed = new LapseWatch(work, receivedAt).check();
        if (lapsed != null) {
            return lapsed;
        }
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Plan plan = Reconciler.plan(work.snapshot, work.working, work.settings, receivedAt);
            work.event("plan", plan.decision().name(), plan.reason());
            if (round == 0) {
                work.debug.decision("plan", plan.decision().name(), plan.reason());
            }
            work.working = plan.accepted();
            List<Note> newNotes = notices(plan);
            if (plan.steps().isEmpty()) {
                work.saveIfChanged(newNotes);
                work.acted |= !newNotes.isEmpty();
                return new Outcome(work.acted ? Result.APPLIED : Result.IGNORED, plan.decision() + ": " + plan.reason());
            }
            Step step = plan.steps().get(0);
            List<Refund> refunds = new ArrayList<>();
            Outcome unreadable = readRefunds(step, refunds, newNotes);
            if (unreadable != null) {
                return unreadable;
            }
            if (work.working.refusedKeys().contains(step.key()) || settledByGateway(step, refunds, newNotes)) {
                work.save(newNotes);
                work.acted = true;
                continue;
            }
            work.working = work.working.withPending(step, work.services.clock().instant());
            work.save(newNotes);
            Outcome stop = steps.record(step, steps.call(step, refunds), false);
            if (stop != null) {
                return stop;
            }
        }
        return new Outcome(Result.APPLIED, "stopped after " + MAX_ROUNDS + " steps");
    }

    /**
     * A step left pending was planned from a later change of the order than this delivery (a
     * delivery given up and sent again after later ones ran). Planned on this delivery, the
     * order would look stale once the step is resolved, and what the later change asked for
     * (the rest of its plan, or the whole of it when the step was not applied) would be left
     * undone with no delivery to bring it again: the order is read from the shop first, and the
     * step is resolved and the order planned as it is now.
     *
     * @return null to go on, or the outcome that ends the run (the shop is unavailable: the
     *         delivery is retried, nothing resolved yet)
     */
    private Outcome catchUpWithTheShop() {
        Instant accepted = work.working.lastModifiedGmt();
        if (accepted == null || !work.snapshot.dateModifiedGmt().isBefore(accepted)) {
            return null;
        }
        ShopResult<OrderSnapshot> current = work.debug.shop("catch-up", "shop.getOrder",
                Map.of("order", work.orderId), () -> work.shop().order(work.orderId));
        switch (current.kind()) {
            case OK -> {
                OrderSnapshot now = ((ShopResult.Ok<OrderSnapshot>) current).value();
                work.event("catch-up", "read-from-shop", "this delivery " + work.snapshot.dateModifiedGmt()
                        + " is older than the change the pending step came from (" + accepted + "); the shop's order is "
                        + now.dateModifiedGmt());
                work.snapshot = now;
                return null;
            }
            case UNAVAILABLE -> {
                work.saveIfChanged(List.of());
                return new Outcome(Result.RETRY, "the step left pending came from a later change than this delivery,"
                        + " and the shop is unavailable to read the order as it is now: "
                        + ((ShopResult.Unavailable<OrderSnapshot>) current).reason());
            }
            case REJECTED -> {
                // No order to read (deleted, or a client that cannot read orders): the delivery is planned as it is.
                work.event("catch-up", "not-read", ((ShopResult.Rejected<OrderSnapshot>) current).message());
                return null;
            }
        }
        throw new IllegalStateException("every shop result is handled above");
    }

    /** The plan's notices as notes; one that sets the failure status remembers it as the echo to expect. */
    private List<Note> notices(Plan plan) {
        List<Note> newNotes = new ArrayList<>();
        for (Notice notice : plan.notices()) {
            String failureStatus = !notice.setsFailureStatus() ? null
                    : notice.kind() == Notice.NoticeKind.OVER_COLLECTED ? work.settings.declines().reviewStatus()
                    : work.settings.failureStatus();
            if (failureStatus != null) {
                work.working = work.working.withWrittenStatus(failureStatus);
            }
            String text = NoteText.notice(work.provider().names(), notice, work.working, failureStatus, work.snapshot.currency());
            boolean answersRequest = notice.kind().answersACapture() && CaptureRequest.asked(work.snapshot, work.settings);
            if (answersRequest) {
                work.working = work.working.withNoticeGiven(CaptureRequest.answerKey(work.working, work.snapshot));
            }
            newNotes.add(work.note(text, failureStatus == null ? Level.WARNING : Level.ERROR, failureStatus,
                    answersRequest ? CaptureRequest.answered(work.settings, text) : Map.of()));
            work.working = work.working.withNoticeGiven(notice.key());
        }
        return newNotes;
    }

    /**
     * Reads the refunds a step needs from the shop (the credited one, or those taken off the
     * reservation). A shop that is down retries the record; a refund the shop will not give
     * refuses the step with a note.
     */
    private Outcome readRefunds(Step step, List<Refund> refunds, List<Note> newNotes) {
        List<String> needed = switch (step.kind()) {
            case CREDIT -> List.of(((Step.Credit) step).refundId());
            case UPDATE -> ((Step.Update) step).settlesRefundIds();
            case ACTIVATE -> ((Step.Activate) step).refundsTakenOff();
            case CANCEL -> List.of();
        };
        for (String refundId : needed) {
            ShopResult<Refund> fetched = work.debug.shop(step.key(), "shop.getRefund",
                    Map.of("order", work.orderId, "refund", refundId), () -> work.shop().getRefund(work.orderId, refundId));
            switch (fetched.kind()) {
                case OK -> refunds.add(((ShopResult.Ok<Refund>) fetched).value());
                case UNAVAILABLE -> {
                    work.saveIfChanged(newNotes);
                    return new Outcome(Result.RETRY, "the shop is unavailable to read refund " + refundId + ": "
                            + ((ShopResult.Unavailable<Refund>) fetched).reason());
                }
                case REJECTED -> {
                    ShopResult.Rejected<Refund> rejected = (ShopResult.Rejected<Refund>) fetched;
                    work.working = work.working.refused(step);
                    newNotes.add(work.note(NoteText.refundUnreadable(work.provider().names(), refundId,
                            rejected.httpStatus() + " " + rejected.message()), Level.ERROR));
                    return null;
                }
            }
        }
        return null;
    }

    /**
     * "Refund via <gateway>": the gateway paid these back itself; crediting them (or taking them
     * off the reservation) as well would return the money twice. Recorded with a note each.
     */
    private boolean settledByGateway(Step step, List<Refund> refunds, List<Note> newNotes) {
        List<Refund> byGateway = refunds.stream().filter(Refund::refundedPayment).toList();
        for (Refund refund : byGateway) {
            work.working = work.working.refundedByGateway(refund.refundId(), refund.amount());
            work.ledger(LedgerEntry.Operation.GATEWAY_REFUND, refund.amount(), LedgerEntry.Result.DONE, null, null, step.key(),
                    refund.refundId(), "paid back by the payment gateway itself");
            newNotes.add(work.note(NoteText.gatewayRefund(work.provider().names(), refund.refundId(), refund.amount(),
                    work.snapshot.currency()), Level.INFO));
            work.event(step.key(), "refunded-by-gateway", refund.refundId());
        }
        return !byGateway.isEmpty();
    }
}

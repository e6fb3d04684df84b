package io.orderhook.lifecycle;

import java.time.Instant;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

import io.orderhook.ledger.LedgerEntry;
import io.orderhook.ledger.PaymentTotals;
import io.orderhook.order.TaxSplit;
import io.orderhook.provider.PaymentInfo;

/**
 * What orderhook has recorded about one order and its reservation (item {@code STATE} of
 * the order's partition). Immutable: every change gives a new state; the store writes it
 * only if {@link #version} is still the one it read (optimistic locking).
 *
 * @param shopId            the shop
 * @param orderId           the shop's order id
 * @param reservation       the reservation as far as orderhook applied it
 * @param paymentNumber     the provider's payment number, pinned when first seen, or null
 * @param lastModifiedGmt   {@code date_modified_gmt} of the newest snapshot accepted, or null
 * @param orderStatus       the shop's status of the order in the newest snapshot accepted, or null
 * @param syncedLinesHash   hash of what the provider holds (the first snapshot's lines, then each update's), or null
 * @param syncedTotal       the total with tax the provider holds, minor units
 * @param activatedTotal    the captured total with tax, minor units (0 until activated)
 * @param activationNumber  the provider's number for the activation, or null
 * @param creditedRefundIds shop refund ids settled: credited, paid back by the gateway, taken off the
 *                          reservation before activation, or of nothing (WooCommerce's zero refunds)
 * @param creditedAmount    money returned so far with tax, minor units: credits and gateway refunds
 * @param creditedSplit     what orderhook's credits returned per tax rate
 * @param gatewayRefundIds  refunds the payment gateway paid back itself ("Refund via ..."): settled, never credited
 *                          and never taken off a reservation
 * @param undecidedCredit   credits whose outcome the provider could not tell (never sent again): counted
 *                          as possibly returned when deciding what is left to refund
 * @param pending           the step recorded as started and not yet recorded as finished, or null
 * @param writtenStatus     the status orderhook last wrote to the shop and has not yet seen come back
 *                          in a webhook (its echo), or null
 * @param refusedKeys       keys of steps the provider refused: never sent again with the same key
 * @param noticesGiven      keys of notices already stored as notes
 * @param payment           the order's ledger folded (kept with every entry, so a payment status needs no read of it)
 * @param retry             a step declined for now and due to be tried again, or null
 * @param lapsesAt          when the reservation can no longer be captured (recorded on first sight, moved by an
 *                          extension), or null when the provider tells none
 * @param version           0 while the item does not exist; the store increments it on every write
 */
public record OrderState(
        String shopId,
        String orderId,
        Reservation reservation,
        String paymentNumber,
        Instant lastModifiedGmt,
        String orderStatus,
        String syncedLinesHash,
        long syncedTotal,
        long activatedTotal,
        String activationNumber,
        Set<String> creditedRefundIds,
        long creditedAmount,
        TaxSplit creditedSplit,
        Set<String> gatewayRefundIds,
        long undecidedCredit,
        PendingOp pending,
        String writtenStatus,
        Set<String> refusedKeys,
        Set<String> noticesGiven,
        PaymentTotals payment,
        DeclineRetry retry,
        Instant lapsesAt,
        long version) {

    public OrderState {
        creditedRefundIds = sorted(creditedRefundIds);
        gatewayRefundIds = sorted(gatewayRefundIds);
        refusedKeys = sorted(refusedKeys);
        noticesGiven = sorted(noticesGiven);
        creditedSplit = creditedSplit == null ? TaxSplit.EMPTY : creditedSplit;
        payment = payment == null ? PaymentTotals.NONE : payment;
    }

    /** {@link #syncedLinesHash} when the provider's lines are not known and differ from the order's. */
    public static final String UNKNOWN_LINES = "unknown: the provider's total differs from the order's";

    /** An order orderhook has never seen: assumed reserved until the provider says otherwise. */
    public static OrderState initial(String shopId, String orderId) {
        return new OrderState(shopId, orderId, Reservation.RESERVED, null, null, null, null, 0, 0, null,
                Set.of(), 0, TaxSplit.EMPTY, Set.of(), 0, null, null, Set.of(), Set.of(), PaymentTotals.NONE, null, null, 0);
    }

    /**
     * A step recorded as started.
     *
     * @param outcomeUnknown the call was made and may have been applied (timeout, lost answer); a pending op
     *                       found at load time is treated as unknown either way (a crash may have followed the call)
     */
    public record PendingOp(Step step, boolean outcomeUnknown, Instant startedAt) {}

    public boolean isNew() {
        return version == 0;
    }

    /** What is surely left of the captured total to refund: undecided credits count as returned. */
    public long remainingCaptured() {
        return Math.max(0, activatedTotal - creditedAmount - undecidedCredit);
    }

    /** Whether orderhook has asked the provider what it holds (first sight done). */
    public boolean providerKnown() {
        return syncedLinesHash != null;
    }

    // ---- first sight --------------------------------------------------------------------------

    /**
     * First sight of a reservation of another total than the order's: the merchant edited the order before
     * its first delivery reached orderhook (deliveries coalesced, or one was lost). The next update sends the lines.
     */
    public OrderState withProviderTotalDiffering(long providerTotal) {
        return with().linesHash(UNKNOWN_LINES).synced(providerTotal).build();
    }

    /**
     * First sight of a payment captured already (bank or Swish at checkout, or in the provider's back office):
     * adopted as activated with what the provider holds; fully credited ones with every refund settled.
     */
    public OrderState adoptedActivated(PaymentInfo info, boolean fullyCredited, Collection<String> refundIds) {
        OrderStateCopy b = with().reservation(Reservation.ACTIVATED).linesHash(UNKNOWN_LINES).synced(info.totalWithTax())
                .activated(info.totalWithTax());
        if (fullyCredited) {
            b.credited(plusAll(creditedRefundIds, refundIds), info.totalWithTax());
        }
        return b.build();
    }

    /** First sight of a reservation the provider already released (or whose credit check it rejected). */
    public OrderState adoptedCancelled() {
        return with().reservation(Reservation.CANCELLED).linesHash(UNKNOWN_LINES).build();
    }

    /** The payment number, pinned when none is recorded yet. */
    public OrderState accepting(String number) {
        return paymentNumber != null ? this : with().paymentNumber(number).build();
    }

    /** First sight of a payment number the provider does not know. */
    public OrderState adoptedNotFound() {
        return with().reservation(Reservation.NOT_FOUND).linesHash(UNKNOWN_LINES).build();
    }

    /** The shop names another number for an order whose first the provider did not know: learnt afresh. */
    public OrderState relearn(String number) {
        return with().reservation(Reservation.RESERVED).paymentNumber(number).linesHash(null).synced(0).build();
    }

    // ---- steps --------------------------------------------------------------------------------

    public OrderState withPending(Step step, Instant now) {
        return with().pending(new PendingOp(step, false, now)).build();
    }

    public OrderState withOutcomeUnknown() {
        return with().pending(pending == null ? null : new PendingOp(pending.step(), true, pending.startedAt())).build();
    }

    public OrderState withoutPending() {
        return with().pending(null).build();
    }

    /**
     * The provider did {@code step}; {@code providerNumber} is what it called the operation and
     * {@code moved} what a credit returned per tax rate.
     */
    public OrderState applied(Step step, String providerNumber, TaxSplit moved) {
        OrderStateCopy b = with().pending(null);
        switch (step.kind()) {
            case UPDATE -> {
                Step.Update u = (Step.Update) step;
                b.linesHash(u.linesHash()).synced(u.total())
                        .credited(plusAll(creditedRefundIds, u.settlesRefundIds()), creditedAmount);
            }
            case ACTIVATE -> b.reservation(Reservation.ACTIVATED).activated(syncedTotal).activation(providerNumber);
            case CANCEL -> b.reservation(Reservation.CANCELLED)
                    .credited(plusAll(creditedRefundIds, ((Step.Cancel) step).settlesRefundIds()), creditedAmount);
            case CREDIT -> {
                Step.Credit c = (Step.Credit) step;
                b.credited(plusAll(creditedRefundIds, java.util.List.of(c.refundId())), creditedAmount + c.amount())
                        .creditedSplit(creditedSplit.plus(moved));
            }
        }
        return b.build();
    }

    /** {@link #applied(Step, String, TaxSplit)} of a step that returned no money. */
    public OrderState applied(Step step, String providerNumber) {
        return applied(step, providerNumber, TaxSplit.EMPTY);
    }

    /** The payment gateway paid refund {@code refundId} back itself: recorded as returned, nothing sent. */
    public OrderState refundedByGateway(String refundId, long amount) {
        return with().pending(null).credited(plusAll(creditedRefundIds, java.util.List.of(refundId)), creditedAmount + amount)
                .gateway(plusAll(gatewayRefundIds, java.util.List.of(refundId))).build();
    }

    /** A refund that moves no money (WooCommerce's own "Order fully refunded." of 0.00): settled as it is. */
    public OrderState withRefundSettled(String refundId) {
        return with().credited(plusAll(creditedRefundIds, java.util.List.of(refundId)), creditedAmount).build();
    }

    /** A credit of an outcome the provider cannot tell: never sent again, counted as possibly returned for later refunds. */
    public OrderState withUndecidedCredit(Step.Credit credit) {
        return with().pending(null).refused(plus(refusedKeys, credit.key())).undecided(undecidedCredit + credit.amount())
                .build();
    }

    /** The provider refused {@code step}: the same key is never sent again. */
    public OrderState refused(Step step) {
        return with().pending(null).refused(plus(refusedKeys, step.key())).build();
    }

    /** {@code step} was declined for now: pending cleared, tried again as {@code retry} says. */
    public OrderState declinedForNow(DeclineRetry next) {
        return with().pending(null).retry(next).build();
    }

    /** {@code step} was declined for good: neither its key nor, after retries, its first key is sent again. */
    public OrderState declinedForGood(Step step) {
        Set<String> keys = plus(refusedKeys, step.key());
        if (retry != null && retry.isTryOf(step.key())) {
            keys = plus(keys, retry.stepKey());
        }
        return with().pending(null).refused(keys).retry(null).build();
    }

    /** The reservation can be captured until {@code at} (first sight, or an extension), kept to the millisecond. */
    public OrderState lapsingAt(Instant at) {
        return with().lapsesAt(at == null ? null : at.truncatedTo(java.time.temporal.ChronoUnit.MILLIS)).build();
    }

    public OrderState withoutRetry() {
        return with().retry(null).build();
    }

    /** orderhook is about to write {@code status} to the shop; its webhook will be an echo. */
    public OrderState withWrittenStatus(String status) {
        return with().writtenStatus(status).build();
    }

    public OrderState withNoticeGiven(String key) {
        return with().notices(plus(noticesGiven, key)).build();
    }

    /**
     * The snapshot was accepted: newest modification time, the payment number pinned on first
     * sight (a different number later is a notice, never a switch), first-seen lines.
     */
    OrderState accepted(String number, Instant modifiedGmt, String seenStatus, String linesHash, long total, String status) {
        boolean newer = lastModifiedGmt == null || !modifiedGmt.isBefore(lastModifiedGmt);
        Instant newest = newer ? modifiedGmt : lastModifiedGmt;
        boolean firstSight = syncedLinesHash == null;
        String pinned = paymentNumber == null ? number : paymentNumber;
        OrderStateCopy b = with().paymentNumber(pinned).lastModified(newest).writtenStatus(status)
                .orderStatus(newer && seenStatus != null ? seenStatus : orderStatus);
        if (firstSight) {
            b.linesHash(linesHash).synced(total);
        }
        return b.build();
    }

    /** The state with one more ledger entry folded into {@link #payment}. */
    public OrderState withLedgerEntry(LedgerEntry entry) {
        return with().payment(payment.plus(entry)).build();
    }

    public OrderState withVersion(long newVersion) {
        return with().version(newVersion).build();
    }

    private OrderStateCopy with() {
        return new OrderStateCopy(this);
    }

    private static Set<String> plus(Set<String> set, String value) {
        TreeSet<String> copy = new TreeSet<>(set);
        copy.add(value);
        return copy;
    }

    private static Set<String> plusAll(Set<String> set, Collection<String> values) {
        TreeSet<String> copy = new TreeSet<>(set);
        copy.addAll(values);
        return copy;
    }

    private static Set<String> sorted(Set<String> set) {
        return set == null ? Set.of() : java.util.Collections.unmodifiableSet(new TreeSet<>(set));
    }
}

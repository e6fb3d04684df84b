package io.orderhook.lifecycle;

import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

/**
 * What orderhook has recorded about one order and its reservation (item {@code STATE} of
 * the order's partition). Immutable: every change gives a new state; the store writes it
 * only if {@link #version} is still the one it read (optimistic locking).
 *
 * @param shopId            the shop
 * @param orderId           the shop's order id
 * @param reservation       the reservation as far as orderhook applied it
 * @param paymentNumber     the provider's payment number (the order's {@code transaction_id}), or null
 * @param lastModifiedGmt   {@code date_modified_gmt} of the newest snapshot accepted, or null
 * @param syncedLinesHash   hash of the lines the provider holds (the first snapshot's, then each update's), or null
 * @param syncedTotal       the total with tax the provider holds, minor units
 * @param activatedTotal    the captured total with tax, minor units (0 until activated)
 * @param activationNumber  the provider's number for the activation, or null
 * @param creditedRefundIds shop refund ids already credited (or settled without a credit)
 * @param creditedAmount    sum credited so far, minor units
 * @param pending           the step recorded as started and not yet recorded as finished, or null
 * @param writtenStatus     the status orderhook last wrote to the shop and has not yet seen come back
 *                          in a webhook (its echo), or null
 * @param refusedKeys       keys of steps the provider refused: never sent again with the same key
 * @param noticesGiven      keys of notices already stored as notes
 * @param version           0 while the item does not exist; the store increments it on every write
 */
public record OrderState(
        String shopId,
        String orderId,
        Reservation reservation,
        String paymentNumber,
        Instant lastModifiedGmt,
        String syncedLinesHash,
        long syncedTotal,
        long activatedTotal,
        String activationNumber,
        Set<String> creditedRefundIds,
        long creditedAmount,
        PendingOp pending,
        String writtenStatus,
        Set<String> refusedKeys,
        Set<String> noticesGiven,
        long version) {

    public OrderState {
        creditedRefundIds = sorted(creditedRefundIds);
        refusedKeys = sorted(refusedKeys);
        noticesGiven = sorted(noticesGiven);
    }

    /** {@link #syncedLinesHash} when the provider's lines are not known and differ from the order's. */
    public static final String UNKNOWN_LINES = "unknown: the provider's total differs from the order's";

    /** An order orderhook has never seen: assumed reserved (the shop's transaction id exists). */
    public static OrderState initial(String shopId, String orderId) {
        return new OrderState(shopId, orderId, Reservation.RESERVED, null, null, null, 0, 0, null,
                Set.of(), 0, null, null, Set.of(), Set.of(), 0);
    }

    /**
     * A step recorded as started.
     *
     * @param outcomeUnknown the call was made and may have been applied (timeout, lost answer);
     *                       a pending op found at load time is treated as unknown either way
     *                       because a crash may have happened after the call
     */
    public record PendingOp(Step step, boolean outcomeUnknown, Instant startedAt) {}

    public boolean isNew() {
        return version == 0;
    }

    /** What is left of the captured total to credit. */
    public long remainingCaptured() {
        return Math.max(0, activatedTotal - creditedAmount);
    }

    /**
     * First sight of an order whose reservation holds another total than the order shows: the
     * first delivery orderhook received came after the merchant edited the order (deliveries
     * coalesced, or an earlier one was lost), so the order's lines are not what the provider
     * holds. The next update sends them.
     */
    public OrderState withProviderTotalDiffering(long providerTotal) {
        return copy(reservation, UNKNOWN_LINES, providerTotal, activatedTotal, activationNumber, creditedRefundIds,
                creditedAmount, pending, writtenStatus, refusedKeys, noticesGiven);
    }

    public OrderState withPending(Step step, Instant now) {
        return copy(reservation, syncedLinesHash, syncedTotal, activatedTotal, activationNumber, creditedRefundIds,
                creditedAmount, new PendingOp(step, false, now), writtenStatus, refusedKeys, noticesGiven);
    }

    public OrderState withOutcomeUnknown() {
        PendingOp unknown = pending == null ? null : new PendingOp(pending.step(), true, pending.startedAt());
        return copy(reservation, syncedLinesHash, syncedTotal, activatedTotal, activationNumber, creditedRefundIds,
                creditedAmount, unknown, writtenStatus, refusedKeys, noticesGiven);
    }

    public OrderState withoutPending() {
        return copy(reservation, syncedLinesHash, syncedTotal, activatedTotal, activationNumber, creditedRefundIds,
                creditedAmount, null, writtenStatus, refusedKeys, noticesGiven);
    }

    /** The provider did {@code step}; {@code providerNumber} is what it called the operation. */
    public OrderState applied(Step step, String providerNumber) {
        if (step instanceof Step.Update u) {
            return copy(reservation, u.linesHash(), u.total(), activatedTotal, activationNumber,
                    creditedRefundIds, creditedAmount, null, writtenStatus, refusedKeys, noticesGiven);
        }
        if (step instanceof Step.Activate) {
            return copy(Reservation.ACTIVATED, syncedLinesHash, syncedTotal, syncedTotal,
                    providerNumber, creditedRefundIds, creditedAmount, null, writtenStatus, refusedKeys, noticesGiven);
        }
        if (step instanceof Step.Cancel) {
            return copy(Reservation.CANCELLED, syncedLinesHash, syncedTotal, activatedTotal,
                    activationNumber, creditedRefundIds, creditedAmount, null, writtenStatus, refusedKeys, noticesGiven);
        }
        Step.Credit c = (Step.Credit) step;
        return copy(reservation, syncedLinesHash, syncedTotal, activatedTotal, activationNumber,
                plus(creditedRefundIds, c.refundId()), creditedAmount + c.amount(), null, writtenStatus,
                refusedKeys, noticesGiven);
    }

    /** The provider refused {@code step}: the same key is never sent again. */
    public OrderState refused(Step step) {
        return copy(reservation, syncedLinesHash, syncedTotal, activatedTotal, activationNumber, creditedRefundIds,
                creditedAmount, null, writtenStatus, plus(refusedKeys, step.key()), noticesGiven);
    }

    /** orderhook is about to write {@code status} to the shop; its webhook will be an echo. */
    public OrderState withWrittenStatus(String status) {
        return copy(reservation, syncedLinesHash, syncedTotal, activatedTotal, activationNumber, creditedRefundIds,
                creditedAmount, pending, status, refusedKeys, noticesGiven);
    }

    public OrderState withNoticeGiven(String key) {
        return copy(reservation, syncedLinesHash, syncedTotal, activatedTotal, activationNumber, creditedRefundIds,
                creditedAmount, pending, writtenStatus, refusedKeys, plus(noticesGiven, key));
    }

    /** The snapshot was accepted: newest modification time, payment number, first-seen lines. */
    OrderState accepted(String transactionId, Instant modifiedGmt, String linesHash, long total, String status) {
        Instant newest = lastModifiedGmt == null || modifiedGmt.isAfter(lastModifiedGmt) ? modifiedGmt : lastModifiedGmt;
        boolean firstSight = syncedLinesHash == null;
        return new OrderState(shopId, orderId, reservation, transactionId, newest,
                firstSight ? linesHash : syncedLinesHash, firstSight ? total : syncedTotal, activatedTotal,
                activationNumber, creditedRefundIds, creditedAmount, pending, status, refusedKeys, noticesGiven, version);
    }

    public OrderState withVersion(long newVersion) {
        return new OrderState(shopId, orderId, reservation, paymentNumber, lastModifiedGmt, syncedLinesHash,
                syncedTotal, activatedTotal, activationNumber, creditedRefundIds, creditedAmount, pending,
                writtenStatus, refusedKeys, noticesGiven, newVersion);
    }

    private OrderState copy(Reservation r, String linesHash, long synced, long activated, String activation,
            Set<String> credited, long creditedSum, PendingOp op, String written, Set<String> refused,
            Set<String> notices) {
        return new OrderState(shopId, orderId, r, paymentNumber, lastModifiedGmt, linesHash, synced, activated,
                activation, credited, creditedSum, op, written, refused, notices, version);
    }

    private static Set<String> plus(Set<String> set, String value) {
        TreeSet<String> copy = new TreeSet<>(set);
        copy.add(value);
        return copy;
    }

    private static Set<String> sorted(Set<String> set) {
        return set == null ? Set.of() : java.util.Collections.unmodifiableSet(new TreeSet<>(set));
    }
}

package io.orderhook.lifecycle;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.orderhook.order.OrderSnapshot;
import io.orderhook.shop.ShopSettings;

/**
 * Whether an order is settled: a later snapshot with the same content (only its modification
 * time different) would ask nothing of the provider, give no notice, and change nothing of the
 * recorded state but that time. The echo of orderhook's own write-back is such a snapshot, so
 * a settled order's echo can be recognised by one conditional write, without reading the state
 * and planning again (see {@code OrderStateStore.acceptIfSettled}).
 *
 * <p>Decided by the reconciler itself on the snapshot one second later, so every rule that
 * depends on the modification time (step keys of activate and cancel, notices per version,
 * stale bodies) is taken into account. Not settled, and so always reconciled in full: a step
 * pending, a status orderhook wrote whose echo is still expected, a payment the provider has not
 * been asked about yet, a debug log that would record the decision.
 */
public final class Settled {
    private Settled() {}

    public static boolean after(OrderState state, OrderSnapshot snapshot, ShopSettings settings) {
        if (state.pending() != null || state.writtenStatus() != null || !state.providerKnown()
                || state.reservation() == Reservation.NOT_FOUND || state.lastModifiedGmt() == null
                || state.syncedLinesHash() == null || !snapshot.status().equals(state.orderStatus()) || settings.debugLog()) {
            return false;
        }
        Instant newest = snapshot.dateModifiedGmt().isAfter(state.lastModifiedGmt())
                ? snapshot.dateModifiedGmt() : state.lastModifiedGmt();
        Instant later = newest.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        Plan plan = Reconciler.plan(snapshot.withDateModifiedGmt(later), state, settings, later);
        OrderState onlyNewer = state.accepted(state.paymentNumber(), later, snapshot.status(), state.syncedLinesHash(),
                state.syncedTotal(), null);
        return plan.steps().isEmpty() && plan.notices().isEmpty() && plan.accepted().equals(onlyNewer);
    }
}

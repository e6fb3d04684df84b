package io.orderhook.processing;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.orderhook.ledger.LedgerEntry.Operation;
import io.orderhook.ledger.LedgerEntry;
import io.orderhook.order.RefundRef;
import io.orderhook.processing.OrderProcessor.Outcome;
import io.orderhook.processing.OrderProcessor.Result;
import io.orderhook.provider.PaymentInfo;
import io.orderhook.provider.ProviderResult;
import io.orderhook.store.NoteStore.Level;

/**
 * The first snapshot orderhook sees of an order need not be the one the reservation was made
 * for: the merchant may have edited the order before its first delivery reached orderhook
 * (WooCommerce coalesces deliveries, and may lose one), the customer may have paid at checkout
 * (bank, Swish), or the payment may have been activated, cancelled or credited in the
 * provider's back office. So on first sight orderhook asks the provider what it holds and
 * adopts it, telling the merchant when it is not a plain reservation.
 */
final class FirstSight {
    private final OrderWork work;

    FirstSight(OrderWork work) {
        this.work = work;
    }

    /** @return null to go on planning, or the outcome that ends the run */
    Outcome learn(String number) {
        ProviderResult status = work.debug.provider("first-sight", work.providerName() + ".status", Map.of("payment", number),
                () -> StepRunner.safely(() -> work.provider().status(number)));
        switch (status.kind()) {
            case DONE -> {
                PaymentInfo info = ((ProviderResult.Done) status).info();
                if (info != null) {
                    adopt(number, info);
                }
                return null;
            }
            case REFUSED -> {
                ProviderResult.Refused refused = (ProviderResult.Refused) status;
                if (refused.unknownPayment()) {
                    work.working = work.working.adoptedNotFound().accepting(number);
                    work.event("first-sight", "payment-not-found", refused.code() + " " + refused.message());
                }
                // Another refusal (e.g. wrong credentials) is left to the steps, which meet it again and tell the merchant.
                return null;
            }
            case TRANSIENT -> {
                return new Outcome(Result.RETRY, "could not ask the provider what the reservation holds: "
                        + ((ProviderResult.Transient) status).reason());
            }
        }
        throw new IllegalStateException("every kind is handled above");
    }

    private void captureSeen(String number, PaymentInfo info) {
        work.ledger(Operation.CAPTURE_SEEN, info.totalWithTax(), LedgerEntry.Result.ALREADY_DONE, null, number, "first-sight", null,
                info.providerStatus());
    }

    private void adopt(String number, PaymentInfo info) {
        switch (info.state()) {
            case RESERVED, PENDING, AMBIGUOUS -> {
                work.ledger(Operation.RESERVATION_SEEN, info.totalWithTax(), LedgerEntry.Result.DONE, null, number, "first-sight", null,
                        info.providerStatus());
                if (info.lapse() != null) {
                    work.working = work.working.lapsingAt(info.lapse().from(work.services.clock().instant()));
                }
                if (info.totalWithTax() != work.snapshot.total()) {
                    work.working = work.working.withProviderTotalDiffering(info.totalWithTax());
                    work.event("first-sight", "provider-total-differs",
                            "the reservation holds " + info.totalWithTax() + ", the order " + work.snapshot.total());
                }
                return;
            }
            case ACTIVATED -> {
                captureSeen(number, info);
                work.working = work.working.adoptedActivated(info, false, List.of());
            }
            case CREDITED -> {
                captureSeen(number, info);
                work.ledger(Operation.REFUND_SEEN, info.creditedWithTax() >= 0 ? info.creditedWithTax() : info.totalWithTax(),
                        LedgerEntry.Result.ALREADY_DONE, null, number, "first-sight", null, info.providerStatus());
                work.working = work.working.adoptedActivated(info, true,
                        work.snapshot.refunds().stream().map(RefundRef::refundId).toList());
            }
            case CANCELLED, REJECTED -> {
                work.ledger(Operation.CANCEL_SEEN, info.totalWithTax(), LedgerEntry.Result.ALREADY_DONE, null, number, "first-sight",
                        null, info.providerStatus());
                work.working = work.working.adoptedCancelled();
            }
        }
        work.acted = true;
        work.working = work.working.accepting(number);
        work.save(List.of(work.note(NoteText.adopted(work.provider().names(), info, work.snapshot.currency()), Level.INFO)));
        work.event("first-sight", "adopted-" + info.state().name().toLowerCase(Locale.ROOT), info.providerStatus());
    }
}

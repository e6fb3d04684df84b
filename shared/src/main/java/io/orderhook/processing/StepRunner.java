package io.orderhook.processing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.orderhook.ledger.LedgerEntry.Operation;
import io.orderhook.ledger.LedgerEntry;
import io.orderhook.lifecycle.CaptureRequest;
import io.orderhook.lifecycle.Step;
import io.orderhook.order.Refund;
import io.orderhook.order.TaxSplit;
import io.orderhook.processing.OrderProcessor.Outcome;
import io.orderhook.processing.OrderProcessor.Result;
import io.orderhook.provider.PaymentProvider;
import io.orderhook.provider.ProviderResult;
import io.orderhook.store.NoteStore.Level;

/** Sends one step to the provider and records its result with the note the merchant reads. */
final class StepRunner {
    private final OrderWork work;
    private final DeclineRecorder declines;

    StepRunner(OrderWork work) {
        this.work = work;
        this.declines = new DeclineRecorder(work);
    }

    ProviderResult call(Step step, List<Refund> refunds) {
        String number = work.working.paymentNumber();
        String key = step.key();
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("payment", number);
        request.put("key", key);
        switch (step.kind()) {
            case UPDATE -> {
                request.put("total", ((Step.Update) step).total());
                request.put("lines", work.snapshot.lines().size());
                request.put("refundsTakenOff", ((Step.Update) step).settlesRefundIds());
            }
            case CREDIT -> {
                Step.Credit c = (Step.Credit) step;
                request.put("refund", c.refundId());
                request.put("amount", c.amount());
                request.put("wholePayment", c.wholePayment());
                request.put("lines", refunds.get(0).lines().size());
            }
            case ACTIVATE -> {
                request.put("amount", ((Step.Activate) step).amount());
                request.put("refundsTakenOff", ((Step.Activate) step).refundsTakenOff());
            }
            case CANCEL -> { }
        }
        TaxSplit creditedBefore = work.working.creditedSplit();
        return work.debug.provider(key, work.providerName() + "." + step.kind().wireName(), request, () -> safely(() -> {
            PaymentProvider p = work.provider();
            return switch (step.kind()) {
                case ACTIVATE -> p.activate(number,
                        new PaymentProvider.Capture(work.snapshot, refunds, ((Step.Activate) step).amount()), key);
                case CANCEL -> p.cancel(number, key);
                case UPDATE -> p.update(number, work.snapshot, refunds, key);
                case CREDIT -> p.credit(number, work.snapshot, refunds.get(0), creditedBefore,
                        ((Step.Credit) step).wholePayment(), key);
            };
        }));
    }

    /** A provider that throws has a bug; the call may have been sent, so the outcome is unknown. */
    static ProviderResult safely(Supplier<ProviderResult> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            return new ProviderResult.Transient("provider client failed: " + e.getClass().getSimpleName()
                    + ": " + e.getMessage(), true);
        }
    }

    /** Records a step's result; a non-null outcome stops the run. */
    Outcome record(Step step, ProviderResult result, boolean confirmedLater) {
        work.acted = true;
        PaymentProvider provider = work.provider();
        String currency = work.snapshot.currency();
        long amount = amount(step);
        switch (result.kind()) {
            case DONE -> {
                ProviderResult.Done done = (ProviderResult.Done) result;
                work.ledger(operation(step), amount, confirmedLater ? LedgerEntry.Result.APPLIED_AFTER_ALL
                        : done.alreadyDone() ? LedgerEntry.Result.ALREADY_DONE : LedgerEntry.Result.DONE, null, done.providerNumber(), step.key(),
                        refundId(step), done.info() == null ? null : done.info().providerStatus());
                String restore = work.working.retry() != null && work.working.retry().isTryOf(step.key())
                        ? declines.restoring(work.working.retry()) : null;
                work.working = work.working.applied(step, done.providerNumber(), done.moved());
                String text = NoteText.done(provider.names(), step, done.providerNumber(), done.alreadyDone(), currency)
                        + (confirmedLater ? NoteText.confirmedLater() : "") + declines.succeeded(step);
                if (restore != null) {
                    work.working = work.working.withWrittenStatus(restore);
                }
                work.save(List.of(work.note(text, Level.INFO, restore,
                        answeringARequest(step, text, meta(step, done.providerNumber(), done.alreadyDone())))));
                work.event(step.key(), done.alreadyDone() ? "already-done" : "done", null);
                return null;
            }
            case REFUSED -> {
                ProviderResult.Refused refused = (ProviderResult.Refused) result;
                work.ledger(operation(step), amount, LedgerEntry.Result.REFUSED, refused.code(), null, step.key(), refundId(step),
                        refused.message());
                declines.record(step, refused, (text, meta) -> answeringARequest(step, text, meta));
                return null;
            }
            case TRANSIENT -> {
                ProviderResult.Transient failed = (ProviderResult.Transient) result;
                if (failed.outcomeUnknown()) {
                    work.ledger(operation(step), amount, LedgerEntry.Result.OUTCOME_UNKNOWN, null, null, step.key(), refundId(step),
                            failed.reason());
                }
                work.working = failed.outcomeUnknown() ? work.working.withOutcomeUnknown() : work.working.withoutPending();
                work.save(List.of());
                work.event(step.key(), failed.outcomeUnknown() ? "outcome-unknown" : "transient", failed.reason());
                return new Outcome(Result.RETRY, step.key() + ": " + failed.reason());
            }
        }
        throw new IllegalStateException("every kind is handled above");
    }

    /** The ledger's name for a step. */
    static Operation operation(Step step) {
        return switch (step.kind()) {
            case UPDATE -> Operation.UPDATE;
            case ACTIVATE -> Operation.CAPTURE;
            case CANCEL -> Operation.CANCEL;
            case CREDIT -> Operation.REFUND;
        };
    }

    /** What the step moves: the reservation's new total, the capture, what is released, the credit. */
    long amount(Step step) {
        return switch (step.kind()) {
            case UPDATE -> ((Step.Update) step).total();
            case ACTIVATE -> ((Step.Activate) step).amount();
            case CANCEL -> work.working.syncedTotal();
            case CREDIT -> ((Step.Credit) step).amount();
        };
    }

    static String refundId(Step step) {
        return step.kind() == Step.StepKind.CREDIT ? ((Step.Credit) step).refundId() : null;
    }

    /**
     * An activation answers the capture request the order carries: {@code done} and the note's words
     * go back to the order's meta, and the answer is remembered so the same version is not answered twice.
     */
    private Map<String, String> answeringARequest(Step step, String text, Map<String, String> meta) {
        if (step.kind() != Step.StepKind.ACTIVATE || !CaptureRequest.asked(work.snapshot, work.settings)) {
            return meta;
        }
        work.working = work.working.withNoticeGiven(CaptureRequest.answerKey(work.working, work.snapshot));
        Map<String, String> all = new LinkedHashMap<>(meta);
        all.putAll(CaptureRequest.answered(work.settings, text));
        return all;
    }

    private static Map<String, String> meta(Step step, String providerNumber, boolean alreadyDone) {
        if (providerNumber == null || alreadyDone) {
            return Map.of();
        }
        return switch (step.kind()) {
            case ACTIVATE -> Map.of("_orderhook_activation_number", providerNumber);
            case CREDIT -> Map.of("_orderhook_credit_" + ((Step.Credit) step).refundId(), providerNumber);
            case UPDATE, CANCEL -> Map.of();
        };
    }
}

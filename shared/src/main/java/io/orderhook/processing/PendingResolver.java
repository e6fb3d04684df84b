package io.orderhook.processing;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.orderhook.ledger.LedgerEntry;
import io.orderhook.lifecycle.PendingResolution;
import io.orderhook.lifecycle.Step;
import io.orderhook.processing.OrderProcessor.Outcome;
import io.orderhook.processing.OrderProcessor.Result;
import io.orderhook.provider.ProviderResult;
import io.orderhook.store.NoteStore.Level;

/**
 * A step recorded as started and never recorded as finished (a crash after the call, or an
 * answer that never came): the provider's own view of the payment decides whether it was
 * applied ({@link PendingResolution}) before anything is planned or sent again.
 */
final class PendingResolver {
    private final OrderWork work;
    private final StepRunner steps;

    PendingResolver(OrderWork work, StepRunner steps) {
        this.work = work;
        this.steps = steps;
    }

    /** @return null to go on planning, or the outcome that ends the run */
    Outcome resolve() {
        Step step = work.working.pending().step();
        String number = work.working.paymentNumber();
        ProviderResult status = work.debug.provider(step.key(), work.providerName() + ".status", Map.of("payment", number),
                () -> StepRunner.safely(() -> work.provider().status(number)));
        switch (status.kind()) {
            case DONE -> {
                ProviderResult.Done done = (ProviderResult.Done) status;
                if (done.info() != null) {
                    return decide(step, done);
                }
            }
            case REFUSED -> {
                return steps.record(step, status, false);
            }
            case TRANSIENT -> { }
        }
        work.saveIfChanged(List.of());
        String why = status.kind() == ProviderResult.Kind.TRANSIENT ? ": " + ((ProviderResult.Transient) status).reason() : "";
        return new Outcome(Result.RETRY, "could not ask the provider about " + step.key() + why);
    }

    private Outcome decide(Step step, ProviderResult.Done done) {
        PendingResolution.Verdict verdict = PendingResolution.resolve(step, work.working, done.info(),
                work.provider().capabilities());
        work.event(step.key(), "resolved-" + verdict.name().toLowerCase(Locale.ROOT), done.info().providerStatus());
        switch (verdict) {
            case APPLIED -> {
                String number = step.kind() == Step.StepKind.ACTIVATE && work.working.activationNumber() != null
                        ? work.working.activationNumber() : done.providerNumber();
                return steps.record(step, new ProviderResult.Done(number, done.info()), true);
            }
            case NOT_APPLIED -> {
                work.ledger(StepRunner.operation(step), steps.amount(step), LedgerEntry.Result.NOT_APPLIED, null, null,
                        step.key(), StepRunner.refundId(step), done.info().providerStatus());
                work.working = work.working.withoutPending();
                return null;
            }
            case UNDECIDABLE -> {
                if (step.kind() == Step.StepKind.CREDIT) {
                    // Never sent again, and counted as possibly credited: later refunds stay within what may be left.
                    Step.Credit credit = (Step.Credit) step;
                    work.ledger(LedgerEntry.Operation.REFUND, credit.amount(), LedgerEntry.Result.UNDECIDED, null, null,
                            step.key(), credit.refundId(), done.info().providerStatus());
                    work.working = work.working.withUndecidedCredit(credit);
                    work.save(List.of(work.note(NoteText.unconfirmedCredit(work.provider().names(), credit,
                            work.snapshot.currency()), Level.ERROR)));
                    work.acted = true;
                    return null;
                }
                work.saveIfChanged(List.of());
                return new Outcome(Result.RETRY, "the provider cannot tell yet whether " + step.key() + " was applied");
            }
        }
        throw new IllegalStateException("every verdict is handled above");
    }
}

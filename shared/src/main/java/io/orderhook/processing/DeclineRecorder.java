package io.orderhook.processing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.orderhook.lifecycle.DeclineRetry;
import io.orderhook.lifecycle.Step;
import io.orderhook.provider.ProviderNames;
import io.orderhook.provider.ProviderResult;
import io.orderhook.shop.DeclineSettings;
import io.orderhook.store.NoteStore.Level;
import io.orderhook.store.NoteStore.Note;

/**
 * A provider's refusal of a step, recorded with the note the merchant reads and the status the
 * order gets. A soft decline ({@link ProviderResult.Refused#temporary()}) waits for its next try
 * on the shop's schedule, the order showing the soft-decline status; a hard one, or a soft one
 * past the schedule's end, sets the hard-decline status (or, for a capture, the status the
 * customer can pay in, with a note asking the customer to pay another way) and is not tried again.
 */
final class DeclineRecorder {
    private final OrderWork work;

    DeclineRecorder(OrderWork work) {
        this.work = work;
    }

    /** How a final refusal's note answers a capture request the order carries: the note's text and meta in, the meta out. */
    interface RequestAnswer {
        Map<String, String> meta(String text, Map<String, String> meta);
    }

    /**
     * @param answer for a refusal for good: the capture request it answers; a decline for now leaves
     *               the request open, so its retry still captures
     */
    void record(Step step, ProviderResult.Refused refused, RequestAnswer answer) {
        DeclineSettings declines = work.settings.declines();
        DeclineRetry before = work.working.retry();
        boolean retried = before != null && before.isTryOf(step.key());
        int tries = retried ? before.tries() + 1 : 1;
        Duration wait = refused.temporary() ? declines.waitBefore(tries + 1) : null;
        if (wait != null) {
            forNow(step, refused, retried ? before : null, tries, wait);
        } else {
            forGood(step, refused, tries, answer);
        }
    }

    /**
     * The step succeeded: a retry it ends is dropped and the status the merchant had set is written
     * back. Answers what to add to the success's note.
     */
    String succeeded(Step step) {
        DeclineRetry before = work.working.retry();
        if (before == null || !before.isTryOf(step.key())) {
            return "";
        }
        work.working = work.working.withoutRetry();
        return DeclineText.afterRetry(before.tries() + 1, restoring(before));
    }

    /** The status a success writes back, or null: none was changed, or the order already has it. */
    String restoring(DeclineRetry before) {
        String restore = before.restoreStatus();
        return restore == null || restore.equals(work.snapshot.status()) ? null : restore;
    }

    private void forNow(Step step, ProviderResult.Refused refused, DeclineRetry before, int tries, Duration wait) {
        boolean statusAsked = step.kind().askedByTheMerchantsStatus();
        String softStatus = statusAsked ? work.settings.declines().softStatus() : null;
        String restore = before != null ? before.restoreStatus() : statusAsked ? work.snapshot.status() : null;
        Instant due = work.services.clock().instant().plus(wait);
        String firstKey = before != null ? before.stepKey() : step.key();
        work.working = work.working.declinedForNow(new DeclineRetry(step.kind(), firstKey, tries, due, softStatus, restore));
        String write = softStatus != null && !softStatus.equals(work.snapshot.status()) ? softStatus : null;
        if (write != null) {
            work.working = work.working.withWrittenStatus(write);
        }
        work.save(List.of(work.note(DeclineText.declinedForNow(names(), step, refused, tries, due, write),
                Level.WARNING, write, Map.of())));
        work.event(step.key(), "declined-for-now", refused.code() + " next try " + due);
    }

    private void forGood(Step step, ProviderResult.Refused refused, int tries, RequestAnswer answer) {
        DeclineSettings declines = work.settings.declines();
        String paymentUrl = work.snapshot.paymentUrl();
        boolean askCustomer = declines.payAnotherWay() && step.kind() == Step.StepKind.ACTIVATE
                && paymentUrl != null && !paymentUrl.isBlank();
        String target = askCustomer ? declines.payAnotherWayStatus() : declines.hardStatusOr(work.settings.failureStatus());
        String status = step.kind().askedByTheMerchantsStatus() && !target.equals(work.snapshot.status()) ? target : null;
        work.working = work.working.declinedForGood(step);
        if (status != null) {
            work.working = work.working.withWrittenStatus(status);
        }
        String currency = work.snapshot.currency();
        List<Note> notes = new ArrayList<>();
        String text = NoteText.refused(names(), step, refused, status, currency)
                + (tries > 1 ? DeclineText.afterTries(tries) : "") + (askCustomer ? DeclineText.customerAsked() : "");
        notes.add(work.note(text, Level.ERROR, status, answer.meta(text, Map.of())));
        if (askCustomer) {
            notes.add(work.customerNote(declines.customerNote(Map.of("order", work.snapshot.orderNumber(),
                    "amount", NoteText.money(((Step.Activate) step).amount(), currency), "payment_url", paymentUrl))));
        }
        work.save(notes);
        work.event(step.key(), "refused", refused.code() + " " + refused.message());
    }

    private ProviderNames names() {
        return work.provider().names();
    }
}

package io.orderhook.processing;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import io.orderhook.lifecycle.AuthorisationExpiry;
import io.orderhook.lifecycle.Step;
import io.orderhook.processing.OrderProcessor.Outcome;
import io.orderhook.processing.OrderProcessor.Result;
import io.orderhook.provider.PaymentInfo;
import io.orderhook.provider.ProviderResult;
import io.orderhook.store.NoteStore.Level;

/**
 * Acts on an authorisation that is about to lapse or has lapsed, whenever the order is processed
 * (a webhook, or the expiry scan waking it): {@link AuthorisationExpiry} decides, this extends the
 * authorisation where the provider can and the shop allows it, warns the merchant with a private
 * note, or gives a lapsed one the hard-decline treatment ({@link DeclineRecorder}), as a capture
 * refused for good: the failure status (or the pay-another-way status and link) and an error note.
 */
final class LapseWatch {
    private final OrderWork work;
    private final Instant now;

    LapseWatch(OrderWork work, Instant now) {
        this.work = work;
        this.now = now;
    }

    /** @return null to go on planning, or the outcome that ends the run */
    Outcome check() {
        AuthorisationExpiry.Action action = AuthorisationExpiry.decide(work.working, work.settings.capture(),
                () -> work.provider().capabilities().extendsAuthorisation(), now);
        Instant lapse = work.working.lapsesAt();
        return switch (action) {
            case NONE -> null;
            case WARN -> {
                warn(lapse, null);
                yield null;
            }
            case EXTEND -> extend(lapse);
            case LAPSE -> {
                Step.Activate capture = new Step.Activate("activate-lapsed-" + lapse.getEpochSecond(),
                        work.working.syncedTotal(), List.of());
                work.working = work.working.withNoticeGiven(AuthorisationExpiry.lapsedKey(lapse));
                new DeclineRecorder(work).record(capture, LapseText.lapsed(work.provider().names(), lapse), (text, meta) -> meta);
                work.acted = true;
                yield new Outcome(Result.APPLIED, "the authorisation lapsed at " + lapse);
            }
        };
    }

    private void warn(Instant lapse, String notExtended) {
        work.working = work.working.withNoticeGiven(AuthorisationExpiry.warnedKey(lapse));
        work.save(List.of(work.note(LapseText.warning(work.provider().names(), lapse, now, notExtended), Level.WARNING)));
        work.acted = true;
        work.event("authorisation", "lapse-warned", "lapses at " + lapse);
    }

    /**
     * Asks the provider for more time, with a key naming the lapse and the day (Klarna answers a repeat
     * within 24 hours with the first answer), then reads the new lapse time. A refusal is warned about;
     * an answer that did not come leaves everything as it was for the stream to try again.
     */
    private Outcome extend(Instant lapse) {
        String number = work.working.paymentNumber();
        String key = "extend-" + lapse.getEpochSecond() + "-" + now.atZone(ZoneOffset.UTC).toLocalDate();
        ProviderResult asked = work.debug.provider(key, work.providerName() + ".extendAuthorisation", Map.of("payment", number),
                () -> StepRunner.safely(() -> work.provider().extendAuthorisation(number, key)));
        switch (asked.kind()) {
            case REFUSED -> {
                work.working = work.working.withNoticeGiven(AuthorisationExpiry.extendTriedKey(lapse));
                warn(lapse, LapseText.refusal((ProviderResult.Refused) asked));
                return null;
            }
            case TRANSIENT -> {
                return new Outcome(Result.RETRY, "could not extend the authorisation: " + ((ProviderResult.Transient) asked).reason());
            }
            case DONE -> {
                return extended(number, lapse);
            }
        }
        throw new IllegalStateException("every kind is handled above");
    }

    private Outcome extended(String number, Instant lapse) {
        ProviderResult read = work.debug.provider("extend-read", work.providerName() + ".status", Map.of("payment", number),
                () -> StepRunner.safely(() -> work.provider().status(number)));
        PaymentInfo info = read instanceof ProviderResult.Done done ? done.info() : null;
        if (info == null || info.lapse() == null) {
            return new Outcome(Result.RETRY, "extended the authorisation but could not read its new lapse time");
        }
        Instant after = info.lapse().from(now);
        work.working = work.working.withNoticeGiven(AuthorisationExpiry.extendTriedKey(lapse));
        if (!after.isAfter(lapse)) {
            // An authorisation at the provider's limit (Klarna: 180 days after purchase) keeps its time.
            warn(lapse, "the lapse time stayed where it was");
            return null;
        }
        work.working = work.working.lapsingAt(after);
        work.save(List.of(work.note(LapseText.extended(work.provider().names(), lapse, after), Level.INFO)));
        work.acted = true;
        work.event("authorisation", "extended", "lapses at " + after + " instead of " + lapse);
        return null;
    }
}

package io.orderhook.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

import io.orderhook.shop.CaptureSettings;

/**
 * What an authorisation's lapse asks of a reserved, uncaptured order at a moment: nothing yet, an
 * extension, a warning to the merchant, or the hard-decline treatment once it has lapsed. Pure:
 * the processor acts on the answer and records it as a notice key, so each is done once per lapse
 * time (an extension gives a new lapse time, which may be warned about again in its turn).
 */
public final class AuthorisationExpiry {

    /** What to do now. */
    public enum Action { NONE, EXTEND, WARN, LAPSE }

    private AuthorisationExpiry() {}

    /**
     * @param canExtend whether the order's provider can extend an authorisation (asked only when it matters)
     * @param now       the time the order is looked at (its inbox item's receipt time)
     */
    public static Action decide(OrderState s, CaptureSettings capture, BooleanSupplier canExtend,
            Instant now) {
        Instant lapse = s.lapsesAt();
        if (s.reservation() != Reservation.RESERVED || lapse == null || s.pending() != null) {
            return Action.NONE;
        }
        if (!now.isBefore(lapse)) {
            return s.noticesGiven().contains(lapsedKey(lapse)) ? Action.NONE : Action.LAPSE;
        }
        if (now.isBefore(warnFrom(lapse, capture))) {
            return Action.NONE;
        }
        if (capture.extendAllowed() && !s.noticesGiven().contains(extendTriedKey(lapse)) && canExtend.getAsBoolean()) {
            return Action.EXTEND;
        }
        return s.noticesGiven().contains(warnedKey(lapse)) ? Action.NONE : Action.WARN;
    }

    /** From when the merchant is warned: {@code expiryWarningDays} whole days before the lapse. */
    public static Instant warnFrom(Instant lapse, CaptureSettings capture) {
        return lapse.minus(Duration.ofDays(capture.expiryWarningDays()));
    }

    /** Whether the merchant has been warned about the order's current lapse time. */
    public static boolean warned(OrderState s) {
        return s.lapsesAt() != null && s.noticesGiven().contains(warnedKey(s.lapsesAt()));
    }

    /** Whether the order's authorisation is still to be watched: reserved, with a lapse not yet handled. */
    public static boolean watched(OrderState s) {
        return s.reservation() == Reservation.RESERVED && s.lapsesAt() != null
                && !s.noticesGiven().contains(lapsedKey(s.lapsesAt()));
    }

    public static String warnedKey(Instant lapse) {
        return "lapse-warned-" + lapse.getEpochSecond();
    }

    public static String extendTriedKey(Instant lapse) {
        return "lapse-extend-tried-" + lapse.getEpochSecond();
    }

    public static String lapsedKey(Instant lapse) {
        return "lapse-handled-" + lapse.getEpochSecond();
    }
}

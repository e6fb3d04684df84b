package io.orderhook.provider;

import java.time.Duration;
import java.time.Instant;

/**
 * When a reservation can no longer be captured, as far as the provider tells: either a time it
 * reports (Klarna's {@code expires_at}) or a lifetime from its documented table, counted from when
 * orderhook first saw the reservation (a few seconds after checkout, so the true lapse is at most
 * that much earlier). Exactly one of {@code at} and {@code lifetime} is set.
 *
 * @param at       the lapse the provider reported, or null
 * @param lifetime how long such an authorisation lives, or null
 * @param source   where the figure comes from, in words for the merchant ("Klarna's expires_at")
 */
public record AuthorisationLapse(Instant at, Duration lifetime, String source) {

    public AuthorisationLapse {
        if ((at == null) == (lifetime == null)) {
            throw new IllegalArgumentException("a lapse is either reported or a lifetime, not both or neither");
        }
    }

    public static AuthorisationLapse reported(Instant at, String source) {
        return new AuthorisationLapse(at, null, source);
    }

    public static AuthorisationLapse after(Duration lifetime, String source) {
        return new AuthorisationLapse(null, lifetime, source);
    }

    /** The lapse of a reservation first seen at {@code firstSeen}. */
    public Instant from(Instant firstSeen) {
        return at != null ? at : firstSeen.plus(lifetime);
    }
}

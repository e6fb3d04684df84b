package io.orderhook.processing;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import io.orderhook.provider.ProviderNames;
import io.orderhook.provider.ProviderResult;

/** What the merchant reads about an authorisation that is about to lapse, was extended, or lapsed. */
final class LapseText {
    static final String LAPSED_CODE = "authorisation-lapsed";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private LapseText() {}

    /** @param notExtended why the provider did not extend it, or null when no extension was asked for */
    static String warning(ProviderNames names, Instant lapse, Instant now, String notExtended) {
        long hours = Math.max(0, Duration.between(now, lapse).toHours());
        String left = hours >= 48 ? (hours / 24) + " days" : hours + " hours";
        return "The " + names.name() + " authorisation of this order lapses at " + WHEN.format(lapse) + " (in " + left
                + ") and nothing is captured yet. Capture before then; after it the reservation is released and the"
                + " customer has to pay again."
                + (notExtended == null ? "" : " " + names.name() + " did not extend it: " + notExtended + ".");
    }

    static String extended(ProviderNames names, Instant before, Instant after) {
        return names.name() + " extended the time to capture this order's payment: it now lapses at " + WHEN.format(after)
                + " instead of " + WHEN.format(before) + ".";
    }

    /** The refusal the lapse is recorded as, so that it gets the hard-decline treatment. */
    static ProviderResult.Refused lapsed(ProviderNames names, Instant lapse) {
        return new ProviderResult.Refused(LAPSED_CODE, "the authorisation lapsed at " + WHEN.format(lapse)
                + " before the payment was captured, and the reservation is released", ProviderResult.Refused.Reason.OTHER,
                "Nothing was captured: ask the customer to pay again (" + names.backOffice() + " shows the payment as it is now).");
    }

    static String refusal(ProviderResult.Refused refused) {
        String message = refused.message() == null || refused.message().isBlank() ? "no reason given" : refused.message().strip();
        return message + " (error code " + refused.code() + ")";
    }
}

package io.orderhook.processing;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import io.orderhook.lifecycle.Step;
import io.orderhook.provider.ProviderNames;
import io.orderhook.provider.ProviderResult;

/** What the merchant reads about declines: for now (with the next try), for good, and a success after retries. */
final class DeclineText {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private DeclineText() {}

    /**
     * @param status the status the order is set to while it waits, or null when it keeps its status
     */
    static String declinedForNow(ProviderNames names, Step step, ProviderResult.Refused refused, int tries, Instant nextTry,
            String status) {
        String message = refused.message() == null || refused.message().isBlank() ? "no reason given" : refused.message().strip();
        return names.name() + " declined the request to " + what(step) + " for now: " + message + " (error code "
                + refused.code() + (tries > 1 ? ", try " + tries : "") + "). orderhook will try again at "
                + WHEN.format(nextTry) + "."
                + (status == null ? "" : " The order was set to " + NoteText.statusName(status)
                        + " meanwhile; it goes back to its status when the payment goes through.")
                + " Change the order's status to stop the retries.";
    }

    /** Added to the refusal's note when the step had been tried before. */
    static String afterTries(int tries) {
        return " This was try " + tries + "; orderhook will not try again.";
    }

    /** Added to the success's note when the step had been declined before. */
    static String afterRetry(int tryNumber, String restoredStatus) {
        return " (Try " + tryNumber + ", after earlier declines."
                + (restoredStatus == null ? "" : " The order is set back to " + NoteText.statusName(restoredStatus) + ".") + ")";
    }

    /** Added to the refusal's note when the customer is asked to pay another way. */
    static String customerAsked() {
        return " The customer was sent a note with a link to pay for the order another way.";
    }

    private static String what(Step step) {
        return switch (step.kind()) {
            case ACTIVATE -> "activate the reservation";
            case CANCEL -> "cancel the reservation";
            case UPDATE -> "update the order";
            case CREDIT -> "refund refund #" + ((Step.Credit) step).refundId();
        };
    }
}

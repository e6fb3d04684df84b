package io.orderhook.processing;

import java.util.Locale;

import io.orderhook.lifecycle.Notice;
import io.orderhook.lifecycle.Step;

/**
 * What the merchant reads in the order notes, in the words of the Billmate order-management
 * plugin where it has words, and plain advice where it has none.
 */
public final class NoteText {
    private NoteText() {}

    public static String done(String provider, Step step, String providerNumber, String currency) {
        if (step instanceof Step.Cancel) {
            return provider + " reservation was successfully cancelled.";
        }
        if (step instanceof Step.Activate) {
            return provider + " reservation was successfully activated. Activation number: " + providerNumber + ".";
        }
        if (step instanceof Step.Update u) {
            return provider + " order was successfully updated with the order's current lines. New total: "
                    + money(u.total(), currency) + ".";
        }
        Step.Credit c = (Step.Credit) step;
        return provider + " order was successfully refunded with " + money(c.amount(), currency)
                + (c.full() ? " (the rest of the captured amount)" : "") + ". Refund #" + c.refundId()
                + (providerNumber == null ? "" : ", credit number " + providerNumber) + ".";
    }

    /** Appended when a step's outcome was unclear and the provider confirmed it afterwards. */
    public static String confirmedLater() {
        return " (The answer to the first request was lost; orderhook confirmed the result with the provider and did not send it again.)";
    }

    /**
     * @param failureStatus the status the order is set to, or null when it is not changed
     */
    public static String refused(String provider, Step step, String code, String message, String failureStatus,
            String currency) {
        String what = switch (step.kind()) {
            case ACTIVATE -> "activate the reservation";
            case CANCEL -> "cancel the reservation";
            case UPDATE -> "update the order";
            case CREDIT -> "refund " + money(((Step.Credit) step).amount(), currency)
                    + " (refund #" + ((Step.Credit) step).refundId() + ")";
        };
        StringBuilder text = new StringBuilder(provider).append(" could not ").append(what).append(": ")
                .append(message == null || message.isBlank() ? "no reason given" : message.strip())
                .append(" (error code ").append(code).append(").");
        if (failureStatus != null) {
            text.append(" The order was set to ").append(statusName(failureStatus)).append('.');
        }
        text.append(' ').append(advice(provider, step, code));
        return text.toString();
    }

    private static String advice(String provider, Step step, String code) {
        switch (code == null ? "" : code) {
            case "5210", "5220" -> {
                return "The reservation is cancelled in " + provider + ", so nothing can be captured; ask the customer to pay again.";
            }
            case "5209", "5208" -> {
                return "The payment is no longer a reservation in " + provider + " (it may already be activated); check it in "
                        + provider + " Online and refund it there if needed.";
            }
            case "5201", "5198", "5200" -> {
                return provider + " does not know this payment number; check the order's transaction id.";
            }
            case "5215" -> {
                return "A reservation cannot be raised above the amount the customer approved; ask the customer for an additional payment.";
            }
            case "5216" -> {
                return "Bank payments cannot be changed; refund the difference after activation instead.";
            }
            case "5204", "5213", "5214" -> {
                return "The refund is larger than what is left to refund; check the refunds in " + provider + " Online.";
            }
            case "9010", "9011", "9013" -> {
                return "orderhook's " + provider + " credentials for this shop are wrong; fix them in the shop's settings, then repeat the change.";
            }
            default -> {
                return switch (step.kind()) {
                    case ACTIVATE -> "Check the payment in " + provider + " Online, then set the order to completed again to retry.";
                    case CANCEL -> "Check the payment in " + provider + " Online, then cancel the order again to retry.";
                    case UPDATE -> provider + " still holds the previous lines; completing the order captures the amount it holds.";
                    case CREDIT -> "Refund the amount in " + provider + " Online, or contact " + provider + " support.";
                };
            }
        }
    }

    public static String notice(String provider, Notice notice, String activationNumber, long remaining, String currency) {
        return switch (notice.kind()) {
            case CANCELLED_AFTER_ACTIVATION -> "The order was cancelled, but its " + provider
                    + " reservation was already activated" + (activationNumber == null ? "" : " (activation number " + activationNumber + ")")
                    + ", so it cannot be cancelled. Refund the order instead to give the money back to the customer.";
            case CAPTURE_AFTER_CANCELLATION -> "The order was marked for capture, but its " + provider
                    + " reservation is cancelled, so nothing was captured. Ask the customer to pay again.";
            case REFUND_BEFORE_ACTIVATION -> "Refund #" + notice.refundId() + " of " + money(notice.amount(), currency)
                    + " was not sent to " + provider + " because the reservation is not activated yet. It will be credited"
                    + " when the order is completed. To lower the amount before that, put the order on hold and edit its lines instead.";
            case REFUND_AFTER_CANCELLATION -> "Refund #" + notice.refundId() + " of " + money(notice.amount(), currency)
                    + " was not sent to " + provider + ": the reservation is cancelled, so no money was taken.";
            case REFUND_EXCEEDS_CAPTURED -> "Refund #" + notice.refundId() + " of " + money(notice.amount(), currency)
                    + " was not sent to " + provider + ": only " + money(remaining, currency)
                    + " of the captured amount is left to refund. Check the refunds and the payment in " + provider + " Online.";
        };
    }

    public static String unconfirmedCredit(String provider, Step.Credit credit, String currency) {
        return "orderhook could not confirm whether refund #" + credit.refundId() + " of " + money(credit.amount(), currency)
                + " reached " + provider + ". It will not be sent again automatically: check the payment in " + provider
                + " Online and refund it there if it is missing.";
    }

    public static String refundUnreadable(String provider, String refundId, String reason) {
        return "Refund #" + refundId + " could not be read from the shop (" + reason + "), so it was not sent to " + provider
                + ". Refund it in " + provider + " Online if it stands.";
    }

    public static String statusRefused(String status, String reason) {
        return "(The shop refused the status " + status + ": " + reason + ". Set the order status by hand.)";
    }

    /** Minor units as "1 234.50 SEK"-free plain decimals: "1234.50 SEK". */
    public static String money(long minor, String currency) {
        long abs = Math.abs(minor);
        return (minor < 0 ? "-" : "") + (abs / 100) + "." + String.format(Locale.ROOT, "%02d", abs % 100)
                + (currency == null ? "" : " " + currency);
    }

    private static String statusName(String slug) {
        return switch (slug) {
            case "on-hold" -> "On hold";
            case "processing" -> "Processing";
            case "cancelled" -> "Cancelled";
            case "failed" -> "Failed";
            default -> slug;
        };
    }
}

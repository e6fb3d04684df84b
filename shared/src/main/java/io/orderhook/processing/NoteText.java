package io.orderhook.processing;

import java.util.Locale;

import io.orderhook.lifecycle.Notice;
import io.orderhook.lifecycle.OrderState;
import io.orderhook.lifecycle.Step;
import io.orderhook.provider.PaymentInfo;
import io.orderhook.provider.ProviderNames;
import io.orderhook.provider.ProviderResult;

/**
 * What the merchant reads in the order notes, in the words of the Billmate order-management
 * plugin where it has words ("Billmate reservation was successfully activated.", "Billmate
 * Checkout order was successfully refunded."), and plain advice where it has none: what
 * happened, with the amounts, and what to do.
 */
public final class NoteText {
    private NoteText() {}

    /**
     * @param names       how the merchant knows the provider
     * @param alreadyDone the provider had already done it (in its back office, or an earlier call)
     */
    public static String done(ProviderNames names, Step step, String providerNumber, boolean alreadyDone, String currency) {
        String provider = names.name();
        String checkout = names.checkout();
        return switch (step.kind()) {
            case CANCEL -> alreadyDone
                    ? provider + " reservation was already cancelled in " + provider + "; orderhook recorded it."
                    : provider + " reservation was successfully cancelled."
                            + (((Step.Cancel) step).settlesRefundIds().isEmpty() ? ""
                                    : " The order was refunded in full before it was activated, so nothing was captured.");
            case ACTIVATE -> alreadyDone
                    ? provider + " reservation was already activated in " + provider + "; orderhook recorded it and captured nothing again."
                    : provider + " reservation was successfully activated. Activation number: " + providerNumber + ".";
            case UPDATE -> {
                Step.Update u = (Step.Update) step;
                yield provider + " order was successfully updated with the order's current lines"
                        + (u.settlesRefundIds().isEmpty() ? "" : " less the refunds made before activation (refund #"
                                + String.join(", #", u.settlesRefundIds()) + "), which will never be captured")
                        + ". New total: " + money(u.total(), currency) + ".";
            }
            case CREDIT -> {
                Step.Credit c = (Step.Credit) step;
                yield checkout + " order was successfully refunded: " + money(c.amount(), currency)
                        + (c.wholePayment() ? " (the whole payment)" : "") + ". Refund #" + c.refundId()
                        + (providerNumber == null ? "" : ", credit number " + providerNumber) + ".";
            }
        };
    }

    /** Appended when a step's outcome was unclear and the provider confirmed it afterwards. */
    public static String confirmedLater() {
        return " (The answer to the first request was lost; orderhook confirmed the result with the provider and did not send it again.)";
    }

    /**
     * @param failureStatus the status the order is set to, or null when it is not changed
     */
    public static String refused(ProviderNames names, Step step, ProviderResult.Refused refused, String failureStatus,
            String currency) {
        String provider = names.name();
        String what = switch (step.kind()) {
            case ACTIVATE -> "activate the reservation";
            case CANCEL -> "cancel the reservation";
            case UPDATE -> "update the order";
            case CREDIT -> "refund " + money(((Step.Credit) step).amount(), currency)
                    + " (refund #" + ((Step.Credit) step).refundId() + ")";
        };
        String message = refused.message();
        StringBuilder text = new StringBuilder(provider).append(" could not ").append(what).append(": ")
                .append(message == null || message.isBlank() ? "no reason given" : message.strip())
                .append(" (error code ").append(refused.code()).append(").");
        if (failureStatus != null) {
            text.append(" The order was set to ").append(statusName(failureStatus)).append('.');
        }
        text.append(' ').append(refused.advice() != null ? refused.advice() : generalAdvice(names, step));
        return text.toString();
    }

    /** What to do when the provider has nothing more specific to say. */
    private static String generalAdvice(ProviderNames names, Step step) {
        String provider = names.name();
        return switch (step.kind()) {
            case ACTIVATE -> "Check the payment in " + names.backOffice() + ", then set the order to completed again to retry.";
            case CANCEL -> "Check the payment in " + names.backOffice() + ", then cancel the order again to retry.";
            case UPDATE -> provider + " still holds the previous lines; orderhook will not capture until "
                    + provider + " holds the order's total.";
            case CREDIT -> "Refund the amount in " + names.backOffice() + ", or contact " + provider + " support.";
        };
    }

    /**
     * @param state the order's state when the notice is given (payment number, what the provider holds, what is left)
     */
    public static String notice(ProviderNames names, Notice notice, OrderState state, String failureStatus, String currency) {
        String provider = names.name();
        String backOffice = names.backOffice();
        String text = switch (notice.kind()) {
            case CANCELLED_AFTER_ACTIVATION -> "The order was cancelled, but its " + provider
                    + " reservation was already activated"
                    + (state.activationNumber() == null ? "" : " (activation number " + state.activationNumber() + ")")
                    + ", so it cannot be cancelled. Refund the order instead to give the money back to the customer.";
            case CAPTURE_AFTER_CANCELLATION -> "The order was marked for capture, but its " + provider
                    + " reservation is cancelled, so nothing was captured. Ask the customer to pay again.";
            case REFUND_BEFORE_ACTIVATION -> "Refund #" + notice.refundId() + " of " + money(notice.amount(), currency)
                    + " was not sent to " + provider + " because the reservation is not activated yet and cannot be lowered"
                    + " (automatic update is off, or " + provider + " refused the update). It will be credited"
                    + " after the order is completed.";
            case REFUND_AFTER_CANCELLATION -> "Refund #" + notice.refundId() + " of " + money(notice.amount(), currency)
                    + " was not sent to " + provider + ": the reservation is cancelled, so no money was taken.";
            case REFUND_EXCEEDS_CAPTURED -> "Refund #" + notice.refundId() + " of " + money(notice.amount(), currency)
                    + " was not sent to " + provider + ": only " + money(state.remainingCaptured(), currency)
                    + " of the captured amount is left to refund. Check the refunds and the payment in " + backOffice + ".";
            case REFUND_MAY_EXCEED_UNDECIDED -> "Refund #" + notice.refundId() + " of " + money(notice.amount(), currency)
                    + " was not sent to " + provider + ": an earlier refund of " + money(state.undecidedCredit(), currency)
                    + " may or may not have reached " + provider + ", and if it did only "
                    + money(state.remainingCaptured(), currency) + " is left to refund. Check the payment in "
                    + backOffice + " and refund there what is missing.";
            case CAPTURE_BLOCKED_TOTAL_DIFFERS -> provider + " holds " + money(state.syncedTotal(), currency)
                    + " for this order, but the order's total is " + money(notice.amount(), currency)
                    + ", so the reservation was not activated (it would have captured the wrong amount)."
                    + (failureStatus == null ? "" : " The order was set to " + statusName(failureStatus) + ".")
                    + " Turn on automatic update or correct the order so that " + provider
                    + " can be updated, then complete the order again; or settle the payment in " + backOffice + ".";
            case MISSING_PAYMENT_NUMBER -> provider + " reservation could not be "
                    + ("cancelled".equals(notice.detail()) ? "cancelled" : "activated") + ". Missing " + provider
                    + " transaction id."
                    + (failureStatus == null ? "" : " The order was set to " + statusName(failureStatus) + ".")
                    + " Add the payment number to the order (the transaction id) and save it again, or handle the payment in "
                    + backOffice + ".";
            case PAYMENT_NUMBER_CHANGED -> "The order now shows " + provider + " payment number " + notice.detail()
                    + ", but orderhook manages payment " + state.paymentNumber()
                    + " for it and keeps doing so. If the order was really paid again, handle the new payment in "
                    + backOffice + ".";
            case CLOCK_AHEAD -> "The shop's clock is ahead: this order's change is dated " + notice.detail()
                    + ". orderhook took the time it received the change instead, so later changes are not ignored."
                    + " Check the server time of the shop.";
            case PAYMENT_NOT_FOUND -> provider + " does not know payment " + state.paymentNumber()
                    + ", so orderhook cannot manage this order's payment. Check the order's transaction id.";
            case CAPTURE_REQUEST_ALREADY_DONE -> "Capture requested, but the " + provider + " payment is captured already"
                    + (state.activationNumber() == null ? "" : " (activation number " + state.activationNumber() + ")")
                    + ". Nothing was captured again.";
            case OVER_COLLECTED -> "This order is now worth " + money(Long.parseLong(notice.detail()), currency)
                    + " (its total less the refunds settled so far), but " + money(state.payment().captured(), currency) + " was captured and "
                    + money(state.payment().refunded(), currency) + " refunded with " + provider + ": "
                    + money(notice.amount(), currency) + " more than the order is worth."
                    + (failureStatus == null ? "" : " The order was set to " + statusName(failureStatus) + " for review.")
                    + " Refund " + money(notice.amount(), currency) + " to settle it, or correct the order;"
                    + " orderhook never refunds on its own.";
        };
        return text;
    }

    /**
     * The first sight of a payment the provider reports as captured, cancelled or unknown: what
     * orderhook found and what it will (not) do.
     */
    public static String adopted(ProviderNames names, PaymentInfo info, String currency) {
        String provider = names.name();
        String backOffice = names.backOffice();
        return switch (info.state()) {
            case ACTIVATED -> provider + " reports payment " + info.paymentNumber() + " as " + info.providerStatus()
                    + ": " + money(info.totalWithTax(), currency) + " is captured already (paid at checkout, or activated in "
                    + backOffice + "). orderhook will not capture it again; refunds made with \"Refund manually\" are credited.";
            case CREDITED -> provider + " reports payment " + info.paymentNumber() + " as credited in full already"
                    + "; orderhook will not capture or credit it.";
            case CANCELLED -> provider + " reports payment " + info.paymentNumber()
                    + " as cancelled already; nothing can be captured. Ask the customer to pay again if the order stands.";
            case REJECTED -> provider + " rejected payment " + info.paymentNumber()
                    + " in its credit check; nothing can be captured. Ask the customer to pay another way.";
            default -> provider + " holds payment " + info.paymentNumber() + " as " + info.providerStatus() + ".";
        };
    }

    public static String gatewayRefund(ProviderNames names, String refundId, long amount, String currency) {
        String provider = names.name();
        String backOffice = names.backOffice();
        return "Refund #" + refundId + " of " + money(amount, currency) + " was made with \"Refund via\" the payment gateway,"
                + " which paid it back itself; orderhook recorded it and did not credit it at " + provider + " again.";
    }

    public static String unconfirmedCredit(ProviderNames names, Step.Credit credit, String currency) {
        String provider = names.name();
        String backOffice = names.backOffice();
        return "orderhook could not confirm whether refund #" + credit.refundId() + " of " + money(credit.amount(), currency)
                + " reached " + provider + ". It will not be sent again automatically, and it is counted as refunded until"
                + " you know: check the payment in " + backOffice + " and refund it there if it is missing.";
    }

    public static String refundUnreadable(ProviderNames names, String refundId, String reason) {
        String provider = names.name();
        String backOffice = names.backOffice();
        return "Refund #" + refundId + " could not be read from the shop (" + reason + "), so it was not sent to " + provider
                + ". Refund it in " + backOffice + " if it stands.";
    }

    /** The shop does not know a status orderhook was set to write; on hold was written instead. */
    public static String statusUnregistered(String status) {
        return "(The shop does not know the status " + status + ", so the order was set to On hold instead. Register "
                + status + " in the shop, or choose another status in orderhook's settings.)";
    }

    public static String statusRefused(String status, String reason) {
        return "(The shop refused the status " + status + ": " + reason + ". Set the order status by hand.)";
    }

    /** Appended when the failure status was not written because the merchant changed the order meanwhile. */
    public static String statusNotChanged(String status, String current) {
        return "(orderhook did not set the order to " + statusName(status) + ": it is " + statusName(current)
                + " now, changed after this happened.)";
    }

    /**
     * The processor gave up on the order after the stream's retries: what failed, the status set,
     * and that nothing happens until the operator sends it through again (which never does a step twice).
     */
    public static String gaveUp(int attempts, String lastError, String failureStatus) {
        return "orderhook could not process this order's latest change and stopped after " + attempts
                + (attempts == 1 ? " attempt" : " attempts") + ". Last error: "
                + (lastError == null || lastError.isBlank() ? "none recorded" : lastError.strip())
                + ". The order was set to " + statusName(failureStatus) + ". Nothing more happens to the payment until"
                + " the cause is fixed and the order is sent through again (orderhook failed redrive), which gives the"
                + " order back its status and never captures, cancels or refunds twice.";
    }

    /** Minor units as plain decimals with the currency: "1234.50 SEK". */
    public static String money(long minor, String currency) {
        long abs = Math.abs(minor);
        return (minor < 0 ? "-" : "") + (abs / 100) + "." + String.format(Locale.ROOT, "%02d", abs % 100)
                + (currency == null ? "" : " " + currency);
    }

    static String statusName(String slug) {
        return switch (slug) {
            case "on-hold" -> "On hold";
            case "processing" -> "Processing";
            case "cancelled" -> "Cancelled";
            case "completed" -> "Completed";
            case "failed" -> "Failed";
            default -> slug;
        };
    }
}

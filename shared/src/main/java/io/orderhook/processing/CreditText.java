package io.orderhook.processing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.orderhook.credit.CreditDecision.Figures;
import io.orderhook.credit.CreditDecision.Reason;

/**
 * What the merchant and the customer read about a credit check. The customer's words name the
 * reasons plainly and never a code; the merchant's add the figures the verdict was made from.
 */
public final class CreditText {
    private CreditText() {}

    public static String started(String pendingStatus, String naturalStatus) {
        return "Credit check started: the order waits in " + pendingStatus + " until the customer's credit account is"
                + " checked, then goes to " + naturalStatus + " if it passes.";
    }

    public static String passed(Figures f, String currency, String naturalStatus) {
        return "Credit check passed (" + source(f) + "): " + figures(f, currency) + ". The order goes to " + naturalStatus + ".";
    }

    public static String failedForMerchant(List<Reason> reasons, Figures f, String currency, String failedStatus,
            boolean customerAskedToPay) {
        List<String> why = new ArrayList<>();
        for (Reason r : reasons) {
            why.add(switch (r) {
                case ON_HOLD -> "the account is on hold";
                case OVER_LIMIT -> "the order is over the credit limit";
                case NO_ACCOUNT -> "the customer has no credit account";
            });
        }
        return "Credit check failed: " + String.join("; ", why) + (f == null ? "" : " (" + source(f) + ": " + figures(f, currency) + ")")
                + ". The order is set to " + failedStatus + " and the customer was told"
                + (customerAskedToPay ? ", with the link to pay another way." : ".");
    }

    public static String failedForCustomer(String orderNumber, List<Reason> reasons, Figures f, String currency,
            String paymentUrl) {
        List<String> why = new ArrayList<>();
        for (Reason r : reasons) {
            why.add(switch (r) {
                case ON_HOLD -> "your account with us is on hold";
                case OVER_LIMIT -> "the order's total of " + money(f.orderTotal(), currency)
                        + " is more than the credit left on your account (" + money(Math.max(0, f.available()), currency)
                        + " of your limit of " + money(f.limit(), currency) + ")";
                case NO_ACCOUNT -> "we have no credit account for you";
            });
        }
        return "Your order #" + orderNumber + " requires attention: we could not accept it on account because "
                + String.join(", and ", why) + "."
                + (paymentUrl == null ? " Please contact us to arrange payment."
                        : " You can pay for it another way here: " + paymentUrl);
    }

    public static String lookupFailed(String reason, String pendingStatus, Instant nextTry) {
        return "The credit check could not be completed: " + reason + ". The order stays in " + pendingStatus
                + "; orderhook tries again from " + nextTry + " until the account can be read.";
    }

    public static String overridden(String status) {
        return "The order was set to " + status + " by hand while its credit check was pending; orderhook stopped the"
                + " check and keeps that status.";
    }

    private static String source(Figures f) {
        return f.source().equals("sage") ? "Sage" + (f.reference().isEmpty() ? "" : " account " + f.reference())
                : "account book";
    }

    private static String figures(Figures f, String currency) {
        return "limit " + money(f.limit(), currency) + ", balance " + money(f.balance(), currency)
                + ", other open credit orders " + money(f.exposure(), currency) + ", this order " + money(f.orderTotal(), currency)
                + (f.onHold() ? ", on hold" : "");
    }

    private static String money(long minor, String currency) {
        return NoteText.money(minor, currency);
    }
}

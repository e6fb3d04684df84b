package io.orderhook.fraud;

import java.util.Locale;

/** What the merchant reads about a screening, in private order notes. Never the customer's data. */
final class FraudText {
    private FraudText() {}

    static String fraud(Screening s, String status) {
        return "MaxMind minFraud risk score " + score(s.riskScore()) + " is above the shop's fraud threshold "
                + score(s.threshold()) + " (IP risk " + score(s.ipRisk()) + reasons(s) + "). The order is set to "
                + status + " and its reservation is cancelled, so no money is held for it. After a review, setting it"
                + " back to Pending payment lets the customer pay again.";
    }

    static String clear(Screening s) {
        return "MaxMind minFraud risk score " + score(s.riskScore()) + " (IP risk " + score(s.ipRisk()) + reasons(s)
                + ") is within the shop's fraud threshold " + score(s.threshold()) + ": nothing changes.";
    }

    static String gaveUp(Screening s, boolean captureAllowed) {
        return "Fraud screening with MaxMind minFraud could not be done after " + s.attempts() + " attempts: "
                + s.problem() + (captureAllowed ? " The order is handled as usual."
                        : " The shop's settings hold the capture of an unscreened order: capture it in the provider's"
                                + " back office after a review, or allow capturing unscreened orders.");
    }

    private static String reasons(Screening s) {
        String reasons = s.reasons().isEmpty() ? "" : "; weighed most: " + String.join(", ", s.reasons());
        return reasons + (s.warnings().isEmpty() ? "" : "; minFraud's warnings: " + String.join(", ", s.warnings()));
    }

    static String score(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}

package io.orderhook.fraud;

import java.net.URI;
import java.util.Set;

/**
 * Fraud screening with MaxMind minFraud (settings name {@code fraud}). An order above the
 * threshold is taken as fraud: its status becomes {@link #status} and its reservation is
 * cancelled, so no money is held for it.
 *
 * @param enabled           screen new orders at all
 * @param threshold         minFraud's {@code risk_score} (0.01 to 99, the estimated percentage of fraud) above which an
 *                          order is fraud
 * @param paymentMethods    the payment methods screened; empty: every payment method of the shop
 * @param status            the status a fraudulent order gets (WooCommerce falls back to {@code on-hold} when the
 *                          shop has not registered it)
 * @param captureUnscreened whether an order whose screening has not succeeded yet (minFraud down or out of credit) may
 *                          be captured; when not, a capture waits for the screening
 * @param accountId         the MaxMind account id (the user name of minFraud's Basic authentication)
 * @param licenseKeyRef     the secret reference of the MaxMind licence key
 * @param endpoint          where minFraud answers: {@code https://minfraud.maxmind.com} unless a sandbox is used
 */
public record FraudSettings(boolean enabled, double threshold, Set<String> paymentMethods, String status,
        boolean captureUnscreened, String accountId, String licenseKeyRef, String endpoint) {

    public static final double MIN_THRESHOLD = 0.01;
    public static final double MAX_THRESHOLD = 99;
    public static final String MAXMIND = "https://minfraud.maxmind.com";

    public FraudSettings {
        if (!(threshold >= MIN_THRESHOLD && threshold <= MAX_THRESHOLD)) {
            throw new IllegalArgumentException("the fraud threshold is a minFraud risk score from 0.01 to 99, was " + threshold);
        }
        paymentMethods = paymentMethods == null ? Set.of() : Set.copyOf(paymentMethods);
        status = status == null || status.isBlank() ? "fraud" : status;
        accountId = accountId == null ? "" : accountId;
        licenseKeyRef = licenseKeyRef == null ? "" : licenseKeyRef;
        endpoint = endpoint == null || endpoint.isBlank() ? MAXMIND : endpoint;
        URI uri = URI.create(endpoint);
        if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("the fraud endpoint must be an http(s) URL, was " + endpoint);
        }
        if (enabled && (accountId.isBlank() || licenseKeyRef.isBlank())) {
            throw new IllegalArgumentException("fraud screening needs the MaxMind accountId and licenseKeyRef");
        }
        if (!accountId.isEmpty() && !accountId.matches("[1-9][0-9]{0,9}")) {
            throw new IllegalArgumentException("the MaxMind accountId is a number, was " + accountId);
        }
    }

    /** Off; a threshold of 20 as WHMCS suggests for its MaxMind module. */
    public static FraudSettings defaults() {
        return new FraudSettings(false, 20, Set.of(), "fraud", true, "", "", MAXMIND);
    }

    /** Whether an order paid with {@code paymentMethod} is screened. */
    public boolean screens(String paymentMethod) {
        return enabled && (paymentMethods.isEmpty() || paymentMethods.contains(paymentMethod));
    }

    public FraudSettings withEnabled(boolean on) {
        return new FraudSettings(on, threshold, paymentMethods, status, captureUnscreened, accountId, licenseKeyRef, endpoint);
    }
}

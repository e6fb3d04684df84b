package io.orderhook.testkit.stripe;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the Stripe sandbox holds: PaymentIntents, their charges and the refunds, with the changes
 * Stripe makes on its own (an expired authorisation cancelled and released, a refund that fails
 * later). Not thread-safe: the sandbox uses it under its own lock.
 */
final class StripeLedger {
    static final String RELEASE_REASON = "expired_uncaptured_charge";
    /** Online card authorisations must be captured within 7 days (docs: place a hold on a payment method). */
    static final Duration AUTHORIZATION_WINDOW = Duration.ofDays(7);
    /** Refunds that hold money returned; failed and canceled ones returned nothing. */
    private static final Set<String> REFUND_HOLDS = Set.of("pending", "requires_action", "succeeded");

    final Map<String, Intent> intents = new LinkedHashMap<>();
    final Map<String, Charge> charges = new LinkedHashMap<>();
    final Map<String, Refund> refunds = new LinkedHashMap<>();
    private final Supplier<Instant> clock;
    private final Random random = new Random(20240620L);

    StripeLedger(Supplier<Instant> clock) {
        this.clock = clock;
    }

    static final class Intent {
        String id;
        String account;
        long amount;
        long amountCapturable;
        long amountReceived;
        String currency;
        String status;
        String captureMethod;
        String cancellationReason;
        Long canceledAt;
        String description;
        String paymentMethod;
        String incrementalRequest;
        long created;
        final Map<String, String> metadata = new LinkedHashMap<>();
        Charge charge;
        ObjectNode lastPaymentError;
        int captures;
        int increments;
        boolean declineIncrements;
        /** Cancelled by Stripe because the authorisation window passed. */
        boolean expired;

        StripeSandbox.PaymentIntent snapshot() {
            return new StripeSandbox.PaymentIntent(id, account, status, amount, amountCapturable, amountReceived,
                    currency, captureMethod, cancellationReason, Map.copyOf(metadata), charge == null ? null : charge.id,
                    charge == null ? 0 : charge.amountCaptured, charge == null ? 0 : charge.amountRefunded,
                    charge != null && charge.incrementalAvailable,
                    charge == null ? null : Instant.ofEpochSecond(charge.captureBefore), captures, increments);
        }
    }

    static final class Charge {
        String id;
        String intent;
        long amount;
        long amountCaptured;
        long amountRefunded;
        boolean captured;
        String brand;
        long captureBefore;
        boolean incrementalAvailable;
        long created;
    }

    static final class Refund {
        String id;
        String account;
        String intent;
        String charge;
        long amount;
        String currency;
        String reason;
        String status;
        String failureReason;
        long created;
        final Map<String, String> metadata = new LinkedHashMap<>();

        StripeSandbox.Refund snapshot() {
            return new StripeSandbox.Refund(id, intent, charge, amount, currency, reason, status, Map.copyOf(metadata));
        }
    }

    String newId(String prefix) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder id = new StringBuilder(prefix).append("_3Sbx");
        for (int i = 0; i < 20; i++) {
            id.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return id.toString();
    }

    long now() {
        return clock.get().getEpochSecond();
    }

    /** An authorisation whose window passed is cancelled by Stripe, its amount released. */
    void expireIfDue(Intent intent) {
        if ("requires_capture".equals(intent.status) && intent.charge != null && now() > intent.charge.captureBefore) {
            release(intent, intent.amountCapturable);
            intent.status = "canceled";
            intent.cancellationReason = "automatic";
            intent.canceledAt = now();
            intent.expired = true;
        }
    }

    void release(Intent intent, long amount) {
        if (amount > 0 && intent.charge != null) {
            Refund release = new Refund();
            release.id = newId("re");
            release.account = intent.account;
            release.intent = intent.id;
            release.charge = intent.charge.id;
            release.amount = amount;
            release.currency = intent.currency;
            release.reason = RELEASE_REASON;
            release.status = "succeeded";
            release.created = now();
            refunds.put(release.id, release);
            intent.charge.amountRefunded += amount;
        }
        intent.amountCapturable = 0;
    }

    /** What the merchant's refunds returned of the captured money (Stripe's own releases are not captured money). */
    long refunded(Intent intent) {
        return refunds.values().stream()
                .filter(r -> r.intent.equals(intent.id) && !RELEASE_REASON.equals(r.reason) && REFUND_HOLDS.contains(r.status))
                .mapToLong(r -> r.amount)
                .sum();
    }

    /** A refund that failed after it was made: the money it held goes back to the charge. */
    void fail(Refund refund, String failureReason) {
        if (REFUND_HOLDS.contains(refund.status)) {
            Intent intent = intents.get(refund.intent);
            intent.charge.amountRefunded -= refund.amount;
        }
        refund.status = "failed";
        refund.failureReason = failureReason;
    }
}

package io.orderhook.testkit.stripe;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import io.orderhook.testkit.stripe.StripeRules.Answer;

/**
 * What Stripe keeps for each idempotency key of an account (docs: idempotent requests): the
 * endpoint and parameters of the request that first used it and, once that request finished, its
 * answer; pruned after 24 hours. Not thread-safe: the endpoint uses it under the sandbox's lock.
 */
final class IdempotencyStore {
    private static final Duration KEY_LIFETIME = Duration.ofHours(24);

    /** One key's entry; {@code answer} is null while the first request still runs. */
    static final class Stored {
        final String endpoint;
        final Map<String, String> params;
        final Instant at;
        Answer answer;

        Stored(String endpoint, Map<String, String> params, Instant at) {
            this.endpoint = endpoint;
            this.params = params;
            this.at = at;
        }

        /** Whether a repeat is the same request: the same endpoint with the same parameters. */
        boolean sameRequest(String endpoint, FormParams params) {
            return this.endpoint.equals(endpoint) && this.params.equals(params.canonical());
        }
    }

    private final Map<String, Stored> keys = new HashMap<>();
    private final Supplier<Instant> now;

    IdempotencyStore(Supplier<Instant> now) {
        this.now = now;
    }

    /** The entry of {@code key} in {@code account}, once keys older than 24 hours are forgotten. */
    Optional<Stored> find(String account, String key) {
        Instant oldest = now.get().minus(KEY_LIFETIME);
        keys.values().removeIf(s -> s.answer != null && s.at.isBefore(oldest));
        return Optional.ofNullable(keys.get(account + " " + key));
    }

    /** The endpoint began executing: whatever it answers belongs to the key. */
    Stored begin(String account, String key, String endpoint, FormParams params) {
        Stored stored = new Stored(endpoint, params.canonical(), now.get());
        keys.put(account + " " + key, stored);
        return stored;
    }
}

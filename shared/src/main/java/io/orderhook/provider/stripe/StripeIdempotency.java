package io.orderhook.provider.stripe;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import com.stripe.net.RequestOptions;

/**
 * The {@code Idempotency-Key} of a Stripe call that changes a payment, made from orderhook's step
 * key, which is stable across retries of a step: Stripe answers a repeat with the first answer, so
 * a retry after a lost answer never captures or refunds twice.
 */
final class StripeIdempotency {
    private StripeIdempotency() {}

    private static final int MAX_KEY_LENGTH = 255;

    /**
     * Request options carrying the idempotency key. Stripe takes keys of up to 255 characters; a
     * longer step key (or one with characters a header cannot carry) is sent as its SHA-256, which is
     * as stable across retries as the key itself.
     */
    static RequestOptions options(String idempotencyKey) {
        return RequestOptions.builder().setIdempotencyKey(stripeKey(idempotencyKey)).build();
    }

    static String stripeKey(String idempotencyKey) {
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            throw new IllegalArgumentException("every call that changes a Stripe payment needs orderhook's step key");
        }
        String key = idempotencyKey.strip();
        boolean printable = key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e);
        if (key.length() <= MAX_KEY_LENGTH && printable) {
            return key;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "orderhook-sha256-" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}

package io.orderhook.provider.klarna;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * The {@code Klarna-Idempotency-Key} of one Klarna call: a name-based UUID (version 5, as
 * Klarna's retry guide advises) of orderhook's step key, the operation and the Klarna order id.
 *
 * <p>Klarna executes a POST or PATCH at most once per key within 24 hours and answers every
 * repeat with the first answer, whatever the repeat's body. So the key is stable across retries
 * of one step (the same step key gives the same UUID), and differs between the calls one step
 * makes (a capture and the release after it carry different keys; otherwise the release would be
 * answered with the capture's replay and never happen).
 */
public final class KlarnaIdempotencyKey {
    private KlarnaIdempotencyKey() {}

    /** RFC 4122's URL namespace; the name below makes the keys orderhook's own. */
    private static final UUID URL_NAMESPACE = UUID.fromString("6ba7b811-9dad-11d1-80b4-00c04fd430c8");
    private static final UUID NAMESPACE = v5(URL_NAMESPACE, "https://orderhook.io/klarna/idempotency-key");

    /**
     * @param stepKey   orderhook's key of the step, stable across its retries
     * @param operation the Klarna call within the step ("capture", "release", "refund", ...)
     * @param orderId   the Klarna order id
     */
    public static String of(String stepKey, String operation, String orderId) {
        if (stepKey == null || stepKey.isBlank()) {
            throw new IllegalArgumentException("a Klarna call that changes an order needs orderhook's step key");
        }
        return v5(NAMESPACE, stepKey + "\n" + operation + "\n" + orderId).toString();
    }

    static UUID v5(UUID namespace, String name) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
        ByteBuffer ns = ByteBuffer.allocate(16)
                .putLong(namespace.getMostSignificantBits()).putLong(namespace.getLeastSignificantBits());
        sha1.update(ns.array());
        byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50); // version 5
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // RFC 4122 variant
        ByteBuffer bits = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(bits.getLong(), bits.getLong());
    }
}

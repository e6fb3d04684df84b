package io.orderhook.store;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Lowercase hex SHA-256 of raw body bytes: part of the inbox key, so duplicates collide. */
public final class BodyHash {
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    });

    private BodyHash() {}

    public static String of(byte[] body) {
        // digest() resets the instance, so the per-thread one is ready for the next body.
        return HexFormat.of().formatHex(SHA_256.get().digest(body));
    }
}

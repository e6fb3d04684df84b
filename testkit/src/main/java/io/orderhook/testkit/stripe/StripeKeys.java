package io.orderhook.testkit.stripe;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Stripe's secret keys on the wire: how a request presents one, and how an error shows one. */
final class StripeKeys {
    private StripeKeys() {}

    /** {@code Bearer sk_…}, or Basic with the key as user name and an empty password. */
    static String apiKey(String authorization) {
        if (authorization == null) {
            return null;
        }
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String key = authorization.substring(7).strip();
            return key.isEmpty() ? null : key;
        }
        if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()),
                        StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                String key = colon < 0 ? decoded : decoded.substring(0, colon);
                return key.isEmpty() ? null : key;
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    /** The key as Stripe shows it in an error: its prefix and last four characters, the rest starred. */
    static String masked(String key) {
        int prefix = key.startsWith("sk_test_") || key.startsWith("rk_test_") ? 8
                : key.startsWith("sk_live_") || key.startsWith("rk_live_") ? 8 : Math.min(3, key.length());
        int keep = Math.min(4, Math.max(0, key.length() - prefix));
        return key.substring(0, prefix) + "*".repeat(Math.max(0, key.length() - prefix - keep))
                + key.substring(key.length() - keep);
    }
}

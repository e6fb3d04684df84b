package io.orderhook.provider.klarna;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Klarna's API credentials: the API username and password of one region and environment, sent
 * as HTTP Basic auth. A shop's account keeps both in its one secret as {@code username:password},
 * split at the first colon (a Basic-auth user id cannot contain one, RFC 7617; the password may).
 * Never printed: {@link #toString()} names the username only.
 */
public record KlarnaCredentials(String username, String password) {

    /** The credentials in an account secret {@code username:password}; empty when it is not of that form. */
    public static Optional<KlarnaCredentials> fromSecret(String secret) {
        if (secret == null) {
            return Optional.empty();
        }
        int colon = secret.indexOf(':');
        if (colon <= 0 || colon == secret.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new KlarnaCredentials(secret.substring(0, colon), secret.substring(colon + 1)));
    }

    /** The {@code Authorization} header's value. */
    String basicHeader() {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "KlarnaCredentials[" + username + ", password withheld]";
    }
}

package io.orderhook.testkit.woocommerce;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How the simulated shop signs a webhook: {@code X-WC-Webhook-Signature} is
 * {@code base64_encode(hash_hmac('sha256', $payload, $secret, true))} (WC_Webhook::generate_signature).
 * The simulator's own signer: a simulator never reuses the code it tests.
 */
public final class WebhookSigner {
    private WebhookSigner() {}

    /** The signature header value for {@code body} under {@code secret}. */
    public static String sign(byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}

package io.orderhook.shop.woocommerce;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * WooCommerce's webhook signature: {@code X-WC-Webhook-Signature} is the standard Base64 of
 * HMAC-SHA256 over the exact body bytes sent.
 *
 * <p>The key is not the secret as typed: WooCommerce stores the secret through WordPress
 * sanitising (so {@code &} becomes {@code &amp;}) and signs with
 * {@code wp_specialchars_decode($secret, ENT_QUOTES)}. We decode the same entities, so a secret
 * containing {@code & < > " '} works whichever form the merchant copied.
 */
public final class WebhookSignature {
    private static final String HMAC_SHA256 = "HmacSHA256";

    /** The entities wp_specialchars_decode(ENT_QUOTES) turns back into characters. */
    private static final Pattern SPECIAL_CHAR_ENTITY = Pattern.compile(
            "&(amp|lt|gt|quot|#0*38|#0*60|#0*62|#0*34|#0*39|#x0*26|#x0*3c|#x0*3e|#x0*22|#x0*27);",
            Pattern.CASE_INSENSITIVE);

    /** Mac.getInstance looks up the provider every time; one instance per thread, re-keyed per use. */
    private static final ThreadLocal<Mac> MAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance(HMAC_SHA256);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    });

    private WebhookSignature() {}

    /** The signature WooCommerce would send for this body with this secret. */
    public static String sign(byte[] body, String secret) {
        return Base64.getEncoder().encodeToString(hmac(body, secret));
    }

    /**
     * Whether {@code signatureHeader} is the body's signature under {@code secret}. The HMAC is
     * 32 bytes; the header is Base64-decoded and compared with {@link MessageDigest#isEqual},
     * whose time does not depend on where the bytes differ. A header that is not Base64 is
     * simply not a match.
     *
     * <p>API Gateway joins a header sent twice with commas, and Base64 has no commas: each
     * comma-separated part is one presented signature, and the body verifies if one of them
     * matches. Which part matched says nothing about the secret.
     */
    public static boolean verify(byte[] body, String signatureHeader, String secret) {
        if (signatureHeader == null || signatureHeader.isBlank() || secret == null || secret.isEmpty()) {
            // An empty secret would let anyone sign: treat it as no secret at all.
            return false;
        }
        byte[] expected = hmac(body, secret);
        boolean matched = false;
        for (String part : signatureHeader.split(",", -1)) {
            matched |= digestsMatch(expected, part);
        }
        return matched;
    }

    /** The one comparison of a presented signature: constant-time over the fixed-length digest. */
    static boolean digestsMatch(byte[] expected, String presentedBase64) {
        byte[] presented;
        try {
            presented = Base64.getDecoder().decode(presentedBase64.trim());
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        return MessageDigest.isEqual(expected, presented);
    }

    /** The HMAC key WooCommerce actually uses for a stored secret. */
    static String signingKey(String secret) {
        Matcher m = SPECIAL_CHAR_ENTITY.matcher(secret);
        StringBuilder out = new StringBuilder(secret.length());
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(decode(m.group(1).toLowerCase())));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String decode(String entity) {
        return switch (entity) {
            case "amp" -> "&";
            case "lt" -> "<";
            case "gt" -> ">";
            case "quot" -> "\"";
            default -> {
                int codePoint = entity.startsWith("#x")
                        ? Integer.parseInt(entity.substring(2), 16)
                        : Integer.parseInt(entity.substring(1));
                yield Character.toString(codePoint);
            }
        };
    }

    private static byte[] hmac(byte[] body, String secret) {
        byte[] key = signingKey(secret).getBytes(StandardCharsets.UTF_8);
        if (key.length == 0) {
            // JCE refuses an empty key. HMAC pads every key with zero bytes to the block size,
            // so a single zero byte gives exactly the HMAC of the empty key.
            key = new byte[1];
        }
        try {
            Mac mac = MAC.get();
            mac.init(new SecretKeySpec(key, HMAC_SHA256));
            return mac.doFinal(body);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 takes any non-empty key: " + e.getMessage(), e);
        }
    }
}

package io.orderhook.provider.billmate;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Billmate's {@code credentials.hash}: lowercase hex HMAC-SHA512 with the merchant secret as key
 * over the UTF-8 bytes of the {@code data} section encoded as PHP's {@code json_encode} does.
 */
public final class BillmateHash {
    private BillmateHash() {}

    /** The hash of a {@code data} section. */
    public static String of(JsonNode data, String secret) {
        return ofText(BillmateJson.encode(data), secret);
    }

    /** The hash of JSON text that is already PHP-encoded. */
    public static String ofText(String json, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA512");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA512"));
            return HexFormat.of().formatHex(mac.doFinal(json.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            // Every Java 17 runtime has HmacSHA512; an empty secret is the only way here.
            throw new IllegalStateException("cannot compute a Billmate hash: " + e.getMessage(), e);
        }
    }

    /** Whether {@code hash} (any case) is the hash of {@code data}, compared in constant time. */
    public static boolean matches(String hash, JsonNode data, String secret) {
        if (hash == null || secret == null || secret.isEmpty()) {
            return false;
        }
        byte[] expected = of(data, secret).getBytes(StandardCharsets.US_ASCII);
        byte[] actual = hash.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, actual);
    }
}

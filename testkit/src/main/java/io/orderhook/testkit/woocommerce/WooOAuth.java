package io.orderhook.testkit.woocommerce;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The shop simulator's own OAuth 1.0a code, written after WooCommerce's
 * {@code WC_REST_Authentication::check_oauth_signature} step by step (and deliberately not
 * sharing a line with orderhook's client, so a mistake there cannot hide in both):
 * {@code uksort($params, 'strcmp')} on the decoded names, {@code normalize_parameters}
 * ({@code rawurlencode} of every name and value), {@code join_with_equals_sign} (each
 * {@code name=value} encoded once more), {@code implode('%26', ...)}, then
 * {@code hash_hmac($algo, "$METHOD&" . rawurlencode($url) . "&$query", $consumer_secret . '&')}.
 *
 * <p>Tests that talk to the simulator over raw HTTP sign their requests with {@link #signedQuery}.
 */
public final class WooOAuth {
    private WooOAuth() {}

    /** The string WooCommerce signs; {@code params} are decoded values, without {@code oauth_signature}. */
    public static String stringToSign(String httpMethod, String baseRequestUri, Map<String, String> params) {
        String[] keys = params.keySet().toArray(String[]::new);
        Arrays.sort(keys, (a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
        List<String> joined = new ArrayList<>();
        for (String key : keys) {
            // normalize_parameters, then join_with_equals_sign's wc_rest_urlencode_rfc3986 of "key=value".
            String pair = rawurlencode(key) + "=" + rawurlencode(params.get(key));
            joined.add(rawurlencode(pair));
        }
        return httpMethod + "&" + rawurlencode(baseRequestUri) + "&" + String.join("%26", joined);
    }

    /** {@code base64_encode(hash_hmac($algorithm, $string, $secret . '&', true))}; null for a method WooCommerce refuses. */
    public static String signature(String stringToSign, String consumerSecret, String signatureMethod) {
        String algorithm = switch (signatureMethod) {
            case "HMAC-SHA1" -> "HmacSHA1";
            case "HMAC-SHA256" -> "HmacSHA256";
            default -> null;
        };
        if (algorithm == null) {
            return null;
        }
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec((consumerSecret + "&").getBytes(StandardCharsets.UTF_8), algorithm));
            return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
    }

    /**
     * A complete query string for a request to the simulator: {@code query} plus the OAuth
     * parameters and signature, for {@code url} as the shop's home URL spells it.
     */
    public static String signedQuery(String httpMethod, String url, Map<String, String> query, String consumerKey,
            String consumerSecret, String signatureMethod, long timestamp, String nonce) {
        Map<String, String> params = new LinkedHashMap<>(query);
        params.put("oauth_consumer_key", consumerKey);
        params.put("oauth_timestamp", Long.toString(timestamp));
        params.put("oauth_nonce", nonce);
        params.put("oauth_signature_method", signatureMethod);
        String signature = signature(stringToSign(httpMethod, url, params), consumerSecret, signatureMethod);
        params.put("oauth_signature", signature);
        StringBuilder out = new StringBuilder();
        params.forEach((k, v) -> out.append(out.length() == 0 ? "" : "&").append(rawurlencode(k)).append('=').append(rawurlencode(v)));
        return out.toString();
    }

    /** PHP's {@code rawurlencode}: all but {@code A-Za-z0-9-_.~} as upper-case {@code %XX} of the UTF-8 bytes. */
    public static String rawurlencode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append(c);
            } else {
                out.append(String.format("%%%02X", (int) c));
            }
        }
        return out.toString();
    }

    /** PHP's {@code rawurldecode}: {@code %XX} only; a {@code +} stays a plus. */
    static String rawurldecode(String value) {
        return urldecode(value.replace("+", "%2B"));
    }

    /** PHP's {@code urldecode}, which {@code $_GET} and the header parser use: {@code +} is a space. */
    static String urldecode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return value; // PHP leaves a broken %-sequence as it is
        }
    }
}

package io.orderhook.shop.woocommerce;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * OAuth 1.0a "one-legged" request signatures as WooCommerce verifies them
 * ({@code WC_REST_Authentication::check_oauth_signature}), for shops served over plain http,
 * where WooCommerce ignores Basic auth. No token: only the consumer key and secret.
 *
 * <p>Where WooCommerce differs from RFC 5849, this follows WooCommerce, because it is the
 * verifier: the signing key is the consumer secret as stored plus {@code &} (the RFC would
 * percent-encode the secret first; WooCommerce's {@code cs_} + hex secrets read the same either
 * way), and parameters are sorted by their decoded names with {@code strcmp} (the RFC sorts
 * encoded names, then values; PHP's query parsing keeps one value per name anyway).
 */
public final class OAuth1Signature {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final char[] NONCE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The two methods WooCommerce accepts. */
    public enum Method {
        HMAC_SHA1("HMAC-SHA1", "HmacSHA1"),
        HMAC_SHA256("HMAC-SHA256", "HmacSHA256");

        private final String wireName;
        private final String jcaName;

        Method(String wireName, String jcaName) {
            this.wireName = wireName;
            this.jcaName = jcaName;
        }

        /** The {@code oauth_signature_method} value. */
        public String wireName() {
            return wireName;
        }
    }

    private OAuth1Signature() {}

    /**
     * The query parameters of a signed request: the request's own {@code query} plus
     * {@code oauth_consumer_key}, {@code oauth_nonce}, {@code oauth_signature_method},
     * {@code oauth_timestamp} and {@code oauth_signature} ({@code oauth_version} is left out, as
     * WooCommerce's documentation asks).
     *
     * @param url the request URL without query, as the shop's own home URL spells it
     */
    public static Map<String, String> signedParameters(String httpMethod, URI url, Map<String, String> query,
            String consumerKey, String consumerSecret, Method method, long timestamp, String nonce) {
        Map<String, String> params = new LinkedHashMap<>(query);
        params.put("oauth_consumer_key", consumerKey);
        params.put("oauth_nonce", nonce);
        params.put("oauth_signature_method", method.wireName());
        params.put("oauth_timestamp", Long.toString(timestamp));
        params.put("oauth_signature", sign(baseString(httpMethod, url, params), consumerSecret, method));
        return params;
    }

    /**
     * {@code METHOD&encode(url)&encode(k1=v1&k2=v2...)} with every name and value
     * percent-encoded before joining; {@code oauth_signature} itself is never part of it.
     */
    public static String baseString(String httpMethod, URI url, Map<String, String> params) {
        TreeMap<String, String> sorted = new TreeMap<>(OAuth1Signature::strcmp);
        params.forEach((name, value) -> {
            if (!name.equals("oauth_signature")) {
                sorted.put(name, value);
            }
        });
        List<String> pairs = new ArrayList<>();
        sorted.forEach((name, value) -> pairs.add(encode(name) + "=" + encode(value)));
        return httpMethod.toUpperCase(Locale.ROOT) + "&" + encode(baseUrl(url)) + "&" + encode(String.join("&", pairs));
    }

    /** Base64 of the HMAC over the base string, keyed with {@code consumerSecret + "&"}. */
    public static String sign(String baseString, String consumerSecret, Method method) {
        try {
            Mac mac = Mac.getInstance(method.jcaName);
            mac.init(new SecretKeySpec((consumerSecret + "&").getBytes(StandardCharsets.UTF_8), method.jcaName));
            return Base64.getEncoder().encodeToString(mac.doFinal(baseString.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(method.jcaName + " is part of every JDK", e);
        }
    }

    /**
     * Percent-encoding as PHP's {@code rawurlencode} (RFC 3986): every byte of the UTF-8 form
     * except {@code A-Z a-z 0-9 - . _ ~} as {@code %XX} with upper-case hex; a space is
     * {@code %20}, never {@code +}.
     */
    public static String encode(String value) {
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 15]);
            }
        }
        return out.toString();
    }

    /** 32 random letters and digits, the nonce WooCommerce's documentation recommends. */
    public static String newNonce() {
        char[] nonce = new char[32];
        for (int i = 0; i < nonce.length; i++) {
            nonce[i] = NONCE_CHARS[RANDOM.nextInt(NONCE_CHARS.length)];
        }
        return new String(nonce);
    }

    /**
     * {@code scheme://host[:port]/path}: scheme and host in lower case, a default port left out,
     * the path as sent (still percent-encoded), no query or fragment.
     */
    static String baseUrl(URI url) {
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        int port = url.getPort();
        boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        return scheme + "://" + url.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port) + path;
    }

    /** PHP's strcmp: byte-wise on the UTF-8 forms. */
    private static int strcmp(String a, String b) {
        byte[] x = a.getBytes(StandardCharsets.UTF_8);
        byte[] y = b.getBytes(StandardCharsets.UTF_8);
        return java.util.Arrays.compareUnsigned(x, y);
    }
}

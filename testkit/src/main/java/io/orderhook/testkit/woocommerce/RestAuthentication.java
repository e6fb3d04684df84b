package io.orderhook.testkit.woocommerce;

import java.net.URI;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * WooCommerce's {@code WC_REST_Authentication} for the simulator: who is calling, decided as
 * WooCommerce decides it.
 *
 * <ul>
 * <li>Over HTTPS ({@code is_ssl()}): {@code consumer_key}/{@code consumer_secret} from the query
 *     string, else Basic auth. An unknown key is no error here, the caller is just anonymous;
 *     a wrong secret is {@code Consumer secret is invalid.}</li>
 * <li>Then, and over plain http only this: OAuth 1.0a one-legged, from the query string, a form
 *     body and an {@code Authorization: OAuth ...} header; the signature over
 *     {@code get_home_url()} with the scheme of the transport, a timestamp within 15 minutes
 *     of the server's clock, and a nonce not seen with the key in that time.</li>
 * <li>Nothing presented (Basic auth over http included): anonymous, and the endpoint's own
 *     permission check answers 401 {@code woocommerce_rest_cannot_*}.</li>
 * <li>A key that authenticated: GET/HEAD need read, POST/PUT/PATCH/DELETE write permission.</li>
 * </ul>
 */
final class RestAuthentication {
    /** WooCommerce's window for OAuth timestamps and how long it remembers nonces. */
    static final long WINDOW_SECONDS = 15 * 60;
    private static final Pattern OAUTH_HEADER = Pattern.compile("(oauth_[a-z_-]*)=(:?\"([^\"]*)\"|([^,]*))");
    private static final List<String> REQUIRED = List.of("oauth_consumer_key", "oauth_timestamp", "oauth_nonce",
            "oauth_signature", "oauth_signature_method");

    /** A REST key as WooCommerce stores it. */
    record ApiKey(String consumerKey, String consumerSecret, ShopRestApi.KeyPermissions permissions) {}

    /**
     * The request as PHP sees it.
     *
     * @param tls           whether it came over HTTPS ({@code is_ssl()})
     * @param rawPath       the path of {@code REQUEST_URI}
     * @param get           {@code $_GET}: the query string decoded as PHP does
     * @param post          {@code $_POST}: a form body decoded, empty for JSON
     * @param authorization the Authorization header as PHP receives it, null when absent or stripped
     */
    record Request(String method, boolean tls, String rawPath, Map<String, String> get, Map<String, String> post,
                   String authorization) {}

    private final ApiKey key;
    private final Clock serverClock;
    /** The key's {@code nonces} column: timestamp to nonce, one nonce per timestamp, as WooCommerce keeps them. */
    private final TreeMap<Long, String> usedNonces = new TreeMap<>();

    RestAuthentication(ApiKey key, Clock serverClock) {
        this.key = key;
        this.serverClock = serverClock;
    }

    /**
     * @param homeUrl the site's home URL ({@code get_option('home')})
     * @return the key that authenticated, or null for an anonymous caller
     * @throws RestError WooCommerce's 401 when credentials were presented and are wrong
     */
    ApiKey authenticate(Request request, URI homeUrl) {
        RestError error = null;
        if (request.tls()) {
            String consumerKey = null;
            String consumerSecret = null;
            if (!empty(request.get().get("consumer_key")) && !empty(request.get().get("consumer_secret"))) {
                consumerKey = request.get().get("consumer_key");
                consumerSecret = request.get().get("consumer_secret");
            }
            String[] basic = basicCredentials(request.authorization());
            if (consumerKey == null && basic != null && !empty(basic[0]) && !empty(basic[1])) {
                consumerKey = basic[0];
                consumerSecret = basic[1];
            }
            if (consumerKey != null && consumerSecret != null && consumerKey.equals(key.consumerKey())) {
                if (MessageDigest.isEqual(key.consumerSecret().getBytes(StandardCharsets.UTF_8),
                        consumerSecret.getBytes(StandardCharsets.UTF_8))) {
                    return key;
                }
                // The error stays, but WooCommerce still tries OAuth (which finds nothing and keeps it).
                error = new RestError(401, "woocommerce_rest_authentication_error", "Consumer secret is invalid.");
            }
        }
        ApiKey oauth = oauth(request, homeUrl);
        if (oauth != null) {
            return oauth;
        }
        if (error != null) {
            throw error;
        }
        return null;
    }

    private ApiKey oauth(Request request, URI homeUrl) {
        Map<String, String> params = new LinkedHashMap<>(request.get());
        params.putAll(request.post());
        params.putAll(headerParameters(request.authorization()));
        StringBuilder missing = new StringBuilder();
        boolean haveOne = false;
        int missingCount = 0;
        for (String name : REQUIRED) {
            if (empty(params.get(name))) {
                missing.append(missing.length() == 0 ? "" : ", ").append(name);
                missingCount++;
            } else {
                haveOne = true;
            }
        }
        if (!haveOne) {
            return null;
        }
        if (missingCount > 0) {
            throw new RestError(401, "woocommerce_rest_authentication_missing_parameter",
                    (missingCount == 1 ? "Missing OAuth parameter " : "Missing OAuth parameters ") + missing);
        }
        if (!params.get("oauth_consumer_key").equals(key.consumerKey())) {
            throw new RestError(401, "woocommerce_rest_authentication_error", "Consumer key is invalid.");
        }
        checkSignature(request, homeUrl, params);
        checkTimestampAndNonce(params.get("oauth_timestamp"), params.get("oauth_nonce"));
        return key;
    }

    private void checkSignature(Request request, URI homeUrl, Map<String, String> params) {
        String requestPath = request.rawPath();
        String homePath = homeUrl.getRawPath() == null ? "" : homeUrl.getRawPath();
        String wpBase = (homePath.endsWith("/") ? homePath : homePath + "/");
        if (requestPath.startsWith(wpBase)) {
            requestPath = requestPath.substring(wpBase.length());
        }
        // get_home_url(null, $path, is_ssl() ? 'https' : 'http'): the home URL with the transport's scheme.
        String home = homeUrl.toString().replaceFirst("^[a-zA-Z]+://", (request.tls() ? "https" : "http") + "://");
        home = home.endsWith("/") ? home.substring(0, home.length() - 1) : home;
        String baseRequestUri = home + "/" + requestPath.replaceFirst("^/+", "");
        String consumerSignature = WooOAuth.rawurldecode(params.get("oauth_signature").replace(' ', '+'));
        Map<String, String> signed = new HashMap<>(params);
        signed.remove("oauth_signature");
        String stringToSign = WooOAuth.stringToSign(request.method().toUpperCase(java.util.Locale.ROOT), baseRequestUri, signed);
        String expected = WooOAuth.signature(stringToSign, key.consumerSecret(), params.get("oauth_signature_method"));
        if (expected == null) {
            throw new RestError(401, "woocommerce_rest_authentication_error", "Invalid signature - signature method is invalid.");
        }
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), consumerSignature.getBytes(StandardCharsets.UTF_8))) {
            throw new RestError(401, "woocommerce_rest_authentication_error", "Invalid signature - provided signature does not match.");
        }
    }

    private synchronized void checkTimestampAndNonce(String timestampText, String nonce) {
        long now = serverClock.instant().getEpochSecond();
        long timestamp;
        try {
            timestamp = Long.parseLong(timestampText.trim());
        } catch (NumberFormatException e) {
            timestamp = 0; // PHP compares a non-numeric string as 0: always outside the window.
        }
        if (timestamp < now - WINDOW_SECONDS || timestamp > now + WINDOW_SECONDS) {
            throw new RestError(401, "woocommerce_rest_authentication_error", "Invalid timestamp.");
        }
        if (usedNonces.containsValue(nonce)) {
            throw new RestError(401, "woocommerce_rest_authentication_error", "Invalid nonce - nonce has already been used.");
        }
        // $used_nonces[$timestamp] = $nonce: a second request of the same second replaces the first's nonce.
        usedNonces.put(timestamp, nonce);
        usedNonces.headMap(now - WINDOW_SECONDS).clear();
    }

    /** WooCommerce's check_permissions, for a caller that authenticated with a key. */
    static void checkPermissions(ApiKey key, String method) {
        boolean read = key.permissions() != ShopRestApi.KeyPermissions.WRITE;
        boolean write = key.permissions() != ShopRestApi.KeyPermissions.READ;
        switch (method) {
            case "HEAD", "GET" -> {
                if (!read) {
                    throw new RestError(401, "woocommerce_rest_authentication_error", "The API key provided does not have read permissions.");
                }
            }
            case "POST", "PUT", "PATCH", "DELETE" -> {
                if (!write) {
                    throw new RestError(401, "woocommerce_rest_authentication_error", "The API key provided does not have write permissions.");
                }
            }
            case "OPTIONS" -> { }
            default -> throw new RestError(401, "woocommerce_rest_authentication_error", "Unknown request method.");
        }
    }

    /** PHP_AUTH_USER and PHP_AUTH_PW from a Basic header, or null. */
    private static String[] basicCredentials(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        return colon < 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    }

    /** WooCommerce's parse_header: {@code OAuth k="v", ...}, values urldecoded, realm dropped. */
    private static Map<String, String> headerParameters(String header) {
        Map<String, String> params = new LinkedHashMap<>();
        if (header == null || !header.trim().startsWith("OAuth ")) {
            return params;
        }
        Matcher m = OAUTH_HEADER.matcher(header.trim());
        while (m.find()) {
            String quoted = m.group(3);
            params.put(m.group(1), WooOAuth.urldecode(quoted == null || quoted.isEmpty() ? m.group(4) : quoted));
        }
        params.remove("realm");
        return params;
    }

    /** PHP's empty(): null, "" and "0". */
    private static boolean empty(String value) {
        return value == null || value.isEmpty() || value.equals("0");
    }
}

package io.orderhook.shop.woocommerce;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.order.Refund;
import io.orderhook.shop.RestAuth;
import io.orderhook.shop.ShopCall;
import io.orderhook.shop.ShopCallListener;
import io.orderhook.shop.ShopClient;
import io.orderhook.shop.ShopNote;
import io.orderhook.shop.ShopResult;

/**
 * {@link ShopClient} over the WooCommerce REST API v3, authenticated the ways WooCommerce accepts
 * a REST key ({@link RestAuth}): Basic auth or query-string keys over HTTPS, OAuth 1.0a
 * signatures over plain http. Answers: 2xx is {@link ShopResult.Ok}; other 4xx (and 3xx, which
 * WooCommerce only sends when the shop URL is wrong) are {@link ShopResult.Rejected} with
 * WordPress's {@code code} and {@code message}, a 401 or 403 followed by its likely cause
 * ({@link RestAuthDiagnosis}); 5xx, 429, timeouts and refused connections are
 * {@link ShopResult.Unavailable}. Nothing the shop can answer throws.
 */
public final class WooCommerceRestClient implements ShopClient {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final String REST_PREFIX = "/wp-json/wc/v3";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String site;
    private final String basePath;
    private final RestAuth auth;
    private final boolean https;
    private final String consumerKey;
    private final String consumerSecret;
    private final OAuth1Signature.Method signatureMethod;
    private final Clock clock;
    private final Supplier<String> nonces;
    private final HttpClient http;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final ShopCallListener listener;

    /** With {@link RestAuth#AUTO}, the default timeouts (connect 3 s, request 10 s) and no listener. */
    public WooCommerceRestClient(URI shopUrl, String consumerKey, String consumerSecret) {
        this(builder(shopUrl, consumerKey, consumerSecret));
    }

    /**
     * With {@link RestAuth#AUTO}.
     *
     * @param shopUrl        the shop's base URL ({@code https://shop.example} or {@code https://example.com/shop})
     * @param consumerKey    the REST key ({@code ck_...})
     * @param consumerSecret the REST secret ({@code cs_...})
     * @param listener       told about every call (for the debug log); bodies redacted, no credentials
     */
    public WooCommerceRestClient(URI shopUrl, String consumerKey, String consumerSecret, Duration connectTimeout,
                                 Duration requestTimeout, ShopCallListener listener) {
        this(builder(shopUrl, consumerKey, consumerSecret).timeouts(connectTimeout, requestTimeout).listener(listener));
    }

    private WooCommerceRestClient(Builder b) {
        Objects.requireNonNull(b.consumerKey, "consumerKey");
        Objects.requireNonNull(b.consumerSecret, "consumerSecret");
        this.auth = b.auth.resolve(b.shopUrl);
        requireSafeTransport(b.shopUrl, auth);
        String base = b.shopUrl.toString();
        this.site = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.basePath = URI.create(site).getRawPath() == null ? "" : URI.create(site).getRawPath();
        this.https = RestAuth.isHttps(b.shopUrl);
        this.consumerKey = b.consumerKey;
        this.consumerSecret = b.consumerSecret;
        this.signatureMethod = b.signatureMethod;
        this.clock = b.clock;
        this.nonces = b.nonces;
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        this.listener = b.listener;
        HttpClient.Builder http = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (b.sslContext != null) {
            http.sslContext(b.sslContext);
        }
        if (b.proxy != null) {
            http.proxy(b.proxy);
        }
        this.http = http.build();
    }

    /** A client for this shop and REST key; {@link RestAuth#AUTO} unless {@link Builder#auth} says otherwise. */
    public static Builder builder(URI shopUrl, String consumerKey, String consumerSecret) {
        return new Builder(shopUrl, consumerKey, consumerSecret);
    }

    /** How this client presents the key: never {@link RestAuth#AUTO}, that is resolved by the URL's scheme. */
    public RestAuth auth() {
        return auth;
    }

    public static final class Builder {
        private final URI shopUrl;
        private final String consumerKey;
        private final String consumerSecret;
        private RestAuth auth = RestAuth.AUTO;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private ShopCallListener listener = ShopCallListener.NONE;
        private SSLContext sslContext;
        private ProxySelector proxy;
        private OAuth1Signature.Method signatureMethod = OAuth1Signature.Method.HMAC_SHA256;
        private Clock clock = Clock.systemUTC();
        private Supplier<String> nonces = OAuth1Signature::newNonce;

        private Builder(URI shopUrl, String consumerKey, String consumerSecret) {
            this.shopUrl = Objects.requireNonNull(shopUrl, "shopUrl");
            this.consumerKey = consumerKey;
            this.consumerSecret = consumerSecret;
        }

        public Builder auth(RestAuth auth) {
            this.auth = Objects.requireNonNull(auth, "auth");
            return this;
        }

        public Builder timeouts(Duration connect, Duration request) {
            this.connectTimeout = connect;
            this.requestTimeout = request;
            return this;
        }

        public Builder listener(ShopCallListener listener) {
            this.listener = listener;
            return this;
        }

        /** The TLS trust to use (a shop with a certificate of its own CA, e.g. the simulator's). */
        public Builder sslContext(SSLContext sslContext) {
            this.sslContext = sslContext;
            return this;
        }

        /** A shop reached through an HTTP proxy. */
        public Builder proxy(ProxySelector proxy) {
            this.proxy = proxy;
            return this;
        }

        /** HMAC-SHA256 unless told otherwise; WooCommerce verifies HMAC-SHA1 as well. */
        public Builder signatureMethod(OAuth1Signature.Method method) {
            this.signatureMethod = method;
            return this;
        }

        /** The clock for OAuth timestamps (WooCommerce refuses any more than 15 minutes off). */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Where OAuth nonces come from (random 32 characters unless a test pins them). */
        public Builder nonces(Supplier<String> nonces) {
            this.nonces = nonces;
            return this;
        }

        /** @throws IllegalArgumentException when the URL or the mode would expose the secret or cannot work */
        public WooCommerceRestClient build() {
            return new WooCommerceRestClient(this);
        }
    }

    @Override
    public ShopResult<String> addNote(String orderId, String note, boolean customerNote) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("note", note);
        body.put("customer_note", customerNote);
        return call("POST", "/orders/" + numericId(orderId) + "/notes", body)
                .map(json -> json.path("id").asText());
    }

    @Override
    public ShopResult<Refund> getRefund(String orderId, String refundId) {
        return call("GET", "/orders/" + numericId(orderId) + "/refunds/" + numericId(refundId), null)
                .map(WooOrderJson::refund);
    }

    /**
     * Sends only what is given: a null status keeps the order's status, and meta entries are
     * added or replace the entry with the same key. With nothing to change no request is made,
     * because every save fires an {@code order.updated} webhook in WooCommerce.
     */
    @Override
    public ShopResult<Void> updateOrder(String orderId, String status, Map<String, String> meta) {
        ObjectNode body = MAPPER.createObjectNode();
        if (status != null) {
            body.put("status", status);
        }
        if (meta != null && !meta.isEmpty()) {
            ArrayNode entries = body.putArray("meta_data");
            meta.forEach((key, value) -> {
                ObjectNode entry = entries.addObject();
                entry.put("key", key);
                entry.put("value", value);
            });
        }
        if (body.isEmpty()) {
            return new ShopResult.Ok<>(null);
        }
        return call("PUT", "/orders/" + numericId(orderId), body).map(json -> null);
    }

    /** WooCommerce answers the whole list (the notes endpoint has no paging), newest first. */
    @Override
    public ShopResult<List<ShopNote>> listNotes(String orderId) {
        return call("GET", "/orders/" + numericId(orderId) + "/notes", null).map(json -> {
            List<ShopNote> notes = new ArrayList<>();
            for (JsonNode note : json) {
                notes.add(new ShopNote(note.path("id").asText(), note.path("note").asText(""),
                        note.path("customer_note").asBoolean(false)));
            }
            return notes;
        });
    }

    @Override
    public ShopResult<String> orderStatus(String orderId) {
        return send("GET", REST_PREFIX + "/orders/" + numericId(orderId), Map.of("_fields", "id,status"), null, true).map(json -> {
            String status = json.path("status").asText("");
            return status.startsWith("wc-") ? status.substring(3) : status;
        });
    }

    /** {@code GET /orders/{id}}: the order body as the shop answers it (the same shape as a webhook). */
    public ShopResult<JsonNode> getOrder(String orderId) {
        return call("GET", "/orders/" + numericId(orderId), null).map(json -> json);
    }

    /**
     * Any call below {@code /wp-json/wc/v3}, authenticated like the others (the webhooks API and
     * the permission checks of {@code orderhook connect} use it).
     *
     * @param path  e.g. {@code /webhooks/12}
     * @param query parameters for the query string (signed with the rest under OAuth)
     * @param body  JSON body, or null
     */
    public ShopResult<JsonNode> request(String method, String path, Map<String, String> query, JsonNode body) {
        if (!path.startsWith("/") || path.contains("?") || path.contains("..")) {
            throw new IllegalArgumentException("a REST path below /wp-json/wc/v3 such as /webhooks/12, not \"" + path + "\"");
        }
        return send(method, REST_PREFIX + path, query, body, true).result();
    }

    /**
     * {@code GET /wp-json/}, WordPress's index, without credentials: its {@code home} is the URL
     * WooCommerce signs OAuth requests with, so a shop URL that differs from it cannot work.
     */
    public ShopResult<JsonNode> siteIndex() {
        return send("GET", "/wp-json/", Map.of(), null, false).result();
    }

    // ---------------------------------------------------------------- one call

    /** A call's outcome before its body is turned into the caller's type. */
    private record Answer(ShopResult<JsonNode> result) {
        @SuppressWarnings("unchecked")
        <T> ShopResult<T> map(java.util.function.Function<JsonNode, T> convert) {
            if (result instanceof ShopResult.Ok<JsonNode> ok) {
                return new ShopResult.Ok<>(convert.apply(ok.value()));
            }
            // Rejected and Unavailable carry no value: the same record serves any T.
            return (ShopResult<T>) (ShopResult<?>) result;
        }
    }

    private Answer call(String method, String path, JsonNode body) {
        return send(method, REST_PREFIX + path, Map.of(), body, true);
    }

    private Answer send(String method, String sitePath, Map<String, String> query, JsonNode body, boolean authenticate) {
        String requestText = body == null ? "" : body.toString();
        URI target = URI.create(site + sitePath);
        Map<String, String> parameters = new LinkedHashMap<>(query);
        HttpRequest.Builder request = HttpRequest.newBuilder()
                .timeout(requestTimeout)
                .header("Accept", "application/json")
                .header("User-Agent", "orderhook (WooCommerce REST API v3 client)");
        if (authenticate) {
            switch (auth) {
                case BASIC -> request.header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((consumerKey + ":" + consumerSecret).getBytes(StandardCharsets.UTF_8)));
                case QUERY -> {
                    parameters.put("consumer_key", consumerKey);
                    parameters.put("consumer_secret", consumerSecret);
                }
                case OAUTH1 -> parameters = OAuth1Signature.signedParameters(method, target, parameters, consumerKey,
                        consumerSecret, signatureMethod, clock.instant().getEpochSecond(), nonces.get());
                case AUTO -> throw new IllegalStateException("auth is resolved in the constructor");
            }
        }
        request.uri(withQuery(target, parameters));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json; charset=utf-8")
                    .method(method, HttpRequest.BodyPublishers.ofString(requestText, StandardCharsets.UTF_8));
        }
        // The logged path never has the query string: it may hold the consumer secret.
        String logPath = basePath + sitePath;
        long started = System.nanoTime();
        HttpResponse<String> response;
        // The request timeout of java.net.http only covers the wait for the headers; a shop that
        // sends headers and then stalls would hold the call forever. Bound the whole exchange.
        CompletableFuture<HttpResponse<String>> exchange =
                http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        try {
            response = exchange.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            return unavailable(method, logPath, requestText, started,
                    transportFailure(method, new HttpTimeoutException("request timed out")));
        } catch (ExecutionException e) {
            String reason = e.getCause() instanceof IOException io ? transportFailure(method, io)
                    : "connection to the shop failed: " + e.getCause();
            return unavailable(method, logPath, requestText, started, withoutSecret(reason));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.cancel(true);
            return unavailable(method, logPath, requestText, started, "interrupted while waiting for the shop");
        }
        tell(new ShopCall(method, logPath, WooJsonRedaction.redact(requestText), response.statusCode(),
                WooJsonRedaction.redact(response.body()), since(started), ""));
        return new Answer(interpret(response));
    }

    private static URI withQuery(URI target, Map<String, String> parameters) {
        if (parameters.isEmpty()) {
            return target;
        }
        StringBuilder query = new StringBuilder();
        parameters.forEach((name, value) -> query.append(query.length() == 0 ? "" : "&")
                .append(OAuth1Signature.encode(name)).append('=').append(OAuth1Signature.encode(value)));
        return URI.create(target + "?" + query);
    }

    /** A transport error's text, in case a library put the request URI (and its query) into it. */
    private String withoutSecret(String reason) {
        return reason.replace(consumerSecret, "[redacted]").replace(OAuth1Signature.encode(consumerSecret), "[redacted]");
    }

    private Answer unavailable(String method, String logPath, String requestText, long started, String reason) {
        tell(new ShopCall(method, logPath, WooJsonRedaction.redact(requestText), 0, "", since(started), reason));
        return new Answer(new ShopResult.Unavailable<>(reason));
    }

    private ShopResult<JsonNode> interpret(HttpResponse<String> response) {
        int status = response.statusCode();
        JsonNode json = parseOrNull(response.body());
        if (status >= 200 && status < 300) {
            if (json == null) {
                // A cache or security plugin answering HTML with 200: the API was not reached.
                return new ShopResult.Unavailable<>("the shop answered HTTP " + status + " without a JSON body: "
                        + snippet(response.body()));
            }
            return new ShopResult.Ok<>(json);
        }
        if (status == 429 || status >= 500) {
            return new ShopResult.Unavailable<>("the shop answered HTTP " + status
                    + (json != null && json.has("code") ? " " + json.path("code").asText() + ": " + describe(json)
                            : " " + snippet(response.body())));
        }
        if (status >= 300 && status < 400) {
            String location = response.headers().firstValue("Location").orElse("(no Location)");
            return new ShopResult.Rejected<>(status, "redirect", "The shop redirected the REST API request to "
                    + location + "; set the shop URL to the address WooCommerce itself uses (scheme, www, path).");
        }
        String code = json != null && json.has("code") ? json.path("code").asText() : "http_" + status;
        String message = json != null && json.has("code") ? describe(json)
                : "The shop answered HTTP " + status + " without a WooCommerce error body: " + snippet(response.body());
        String cause = RestAuthDiagnosis.likelyCause(status, code, message, auth, https);
        return new ShopResult.Rejected<>(status, code, cause.isEmpty() ? message : message + " " + cause);
    }

    /**
     * WordPress's message plus the per-parameter details it keeps in {@code data.params}:
     * "Invalid parameter(s): status (status is not one of pending, processing, ...)". The
     * details are what tells the merchant which value the shop refused and which it accepts.
     */
    private static String describe(JsonNode error) {
        String message = error.path("message").asText("");
        JsonNode params = error.path("data").path("params");
        List<String> details = new ArrayList<>();
        if (params.isObject()) {
            params.fields().forEachRemaining(param -> details.add(param.getValue().asText()));
        }
        return details.isEmpty() ? message : message + " (" + String.join("; ", details) + ")";
    }

    private String transportFailure(String method, IOException e) {
        String unknown = method.equals("GET") ? "" : "; the shop may or may not have applied the request";
        if (e instanceof HttpConnectTimeoutException) {
            return "could not connect to the shop within " + connectTimeout.toSeconds() + " s";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer from the shop within " + requestTimeout.toSeconds() + " s" + unknown;
        }
        if (e instanceof ConnectException) {
            return "the shop refused the connection (" + URI.create(site).getHost() + ")";
        }
        return "connection to the shop failed: " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : " " + e.getMessage()) + unknown;
    }

    private void tell(ShopCall call) {
        try {
            listener.onCall(call);
        } catch (RuntimeException e) {
            // The debug log must never turn a call the shop accepted into a failure (a note
            // would then be sent twice); report the listener's fault and carry on.
            System.err.println("{\"event\":\"shop_call_listener_failed\",\"error\":\""
                    + e.getClass().getSimpleName() + "\"}");
        }
    }

    private static JsonNode parseOrNull(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            return node != null && node.isContainerNode() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String snippet(String body) {
        if (body == null || body.isBlank()) {
            return "(empty body)";
        }
        String text = body.replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").trim();
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    private static String numericId(String id) {
        if (id == null || !id.matches("\\d+")) {
            throw new IllegalArgumentException("WooCommerce ids are positive numbers, not \"" + id + "\"");
        }
        return id;
    }

    /**
     * WooCommerce takes Basic auth and query-string keys only over HTTPS; over plain http it wants
     * OAuth 1.0a, where the secret never travels. So plain http is refused for the modes that send
     * the secret, unless the shop runs on this machine (where a test may show WooCommerce's refusal).
     */
    static void requireSafeTransport(URI shopUrl, RestAuth auth) {
        String scheme = shopUrl.getScheme() == null ? "" : shopUrl.getScheme().toLowerCase(Locale.ROOT);
        String host = shopUrl.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("The shop URL \"" + shopUrl + "\" has no host; use https://your-shop.example");
        }
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new IllegalArgumentException("The shop URL \"" + shopUrl + "\" must start with https:// (or http:// with OAuth 1.0a)");
        }
        if (scheme.equals("https") || auth == RestAuth.OAUTH1 || isLoopback(host)) {
            return;
        }
        throw new IllegalArgumentException("The shop URL \"" + shopUrl + "\" uses plain http and the REST auth is "
                + auth.wireName() + ": the consumer secret would travel unencrypted, and WooCommerce accepts "
                + auth.wireName() + " only over HTTPS anyway. Use https://" + host + ", or REST auth oauth1 (or auto) for a "
                + "shop that only has plain http.");
    }

    private static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost") || h.endsWith(".localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")
                || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }
}

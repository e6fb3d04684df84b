package io.orderhook.shop.woocommerce;

import java.io.IOException;
import java.net.ConnectException;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.orderhook.shop.RestAuth;
import io.orderhook.shop.ShopCall;
import io.orderhook.shop.ShopCallListener;
import io.orderhook.shop.ShopResult;

/**
 * One authenticated exchange with a shop's REST API, and what its answer means: the key presented
 * as {@link RestAuth} says, the whole exchange bounded by the request timeout, every call told to
 * the listener without credentials, and the answer read as {@link ShopResult}.
 */
final class WooCommerceTransport {
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

    WooCommerceTransport(WooCommerceRestClient.Builder b, RestAuth auth) {
        requireSafeTransport(b.shopUrl, auth);
        String base = b.shopUrl.toString();
        this.site = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.basePath = URI.create(site).getRawPath() == null ? "" : URI.create(site).getRawPath();
        this.auth = auth;
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

    ShopResult<JsonNode> send(String method, String sitePath, Map<String, String> query, JsonNode body, boolean authenticate) {
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
        return interpret(response);
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

    private ShopResult<JsonNode> unavailable(String method, String logPath, String requestText, long started, String reason) {
        tell(new ShopCall(method, logPath, WooJsonRedaction.redact(requestText), 0, "", since(started), reason));
        return new ShopResult.Unavailable<>(reason);
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

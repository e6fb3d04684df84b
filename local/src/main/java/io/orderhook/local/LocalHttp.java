package io.orderhook.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.orderhook.json.Json;
import io.orderhook.shop.woocommerce.OAuth1Signature;

/** The CLI's HTTP calls to a running {@code orderhook local}: admin routes and the shop simulator. */
public final class LocalHttp {
    /** An answer: status and parsed JSON body (a text node when the body is not JSON). */
    public record Answer(int status, JsonNode body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The error's reason, or the whole body. */
        public String reason() {
            return body.has("reason") ? body.get("reason").asText() : body.toString();
        }
    }

    private final URI base;
    private final String consumerKey;
    private final String consumerSecret;
    private final URI signingOrigin;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    /** @param base e.g. http://127.0.0.1:3000 */
    public LocalHttp(URI base) {
        this(base, null, null, null);
    }

    /**
     * With a WooCommerce REST key, for the shop simulator on plain http: every request signed with
     * OAuth 1.0a, as WooCommerce requires there.
     *
     * @param signingOrigin scheme, host and port of the shop's home URL (its index says it), which
     *                      WooCommerce signs with even when this machine reaches it under another name
     */
    public LocalHttp(URI base, String consumerKey, String consumerSecret, URI signingOrigin) {
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.consumerKey = consumerKey;
        this.consumerSecret = consumerSecret;
        this.signingOrigin = signingOrigin;
    }

    public URI base() {
        return base;
    }

    public Answer get(String path) {
        return send("GET", path, null);
    }

    public Answer put(String path, Object body) {
        return send("PUT", path, body);
    }

    public Answer post(String path, Object body) {
        return send("POST", path, body);
    }

    public Answer send(String method, String path, Object body) {
        URI target = URI.create(base + path);
        if (consumerKey != null) {
            target = signed(method, path);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(30))
                .header("accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : Json.write(body)));
        if (body != null) {
            request.header("content-type", "application/json");
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json;
            try {
                json = response.body().isBlank() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(response.body());
            } catch (IOException notJson) {
                json = Json.MAPPER.getNodeFactory().textNode(response.body());
            }
            return new Answer(response.statusCode(), json);
        } catch (ConnectException e) {
            throw new NotRunning(base);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + base + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** {@code base + path} with its query and the OAuth parameters, signed for the home URL's origin. */
    private URI signed(String method, String path) {
        int q = path.indexOf('?');
        String bare = q < 0 ? path : path.substring(0, q);
        Map<String, String> query = new LinkedHashMap<>();
        if (q >= 0) {
            for (String pair : path.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                query.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        Map<String, String> params = OAuth1Signature.signedParameters(method, URI.create(signingOrigin + bare), query,
                consumerKey, consumerSecret, OAuth1Signature.Method.HMAC_SHA256, Instant.now().getEpochSecond(),
                OAuth1Signature.newNonce());
        StringBuilder out = new StringBuilder();
        params.forEach((k, v) -> out.append(out.length() == 0 ? "?" : "&").append(OAuth1Signature.encode(k)).append('=')
                .append(OAuth1Signature.encode(v)));
        return URI.create(base + bare + out);
    }

    /** Nothing listens at the base URL. */
    public static final class NotRunning extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotRunning(URI base) {
            super("nothing answers at " + base + ": start the local stack first with ./orderhook local"
                    + " (or give its address with --url)");
        }
    }
}

package io.orderhook.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;

import io.orderhook.json.Json;

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
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    /** @param base e.g. http://127.0.0.1:3000 */
    public LocalHttp(URI base) {
        this(base, null, null);
    }

    /** With Basic auth, as a WooCommerce REST API key is used. */
    public LocalHttp(URI base, String user, String password) {
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.authorization = user == null ? null : "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
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
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : Json.write(body)));
        if (body != null) {
            request.header("content-type", "application/json");
        }
        if (authorization != null) {
            request.header("authorization", authorization);
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

    /** Nothing listens at the base URL. */
    public static final class NotRunning extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotRunning(URI base) {
            super("nothing answers at " + base + ": start the local stack first with ./orderhook local"
                    + " (or give its address with --url)");
        }
    }
}

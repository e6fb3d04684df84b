package io.orderhook.testkit.klarna;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Plain HTTP calls to the Klarna sandbox, as any client would make them: the sandbox's tests use no orderhook code. */
final class RawKlarna {
    static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final URI base;
    private final String username;
    private final String password;

    RawKlarna(URI base, String username, String password) {
        this.base = base;
        this.username = username;
        this.password = password;
    }

    RawKlarna as(String otherUser, String otherPassword) {
        return new RawKlarna(base, otherUser, otherPassword);
    }

    record Reply(int status, java.net.http.HttpHeaders headers, String body) {
        JsonNode json() {
            try {
                return body.isEmpty() ? JSON.missingNode() : MAPPER.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON: " + body, e);
            }
        }

        String code() {
            return json().path("error_code").asText();
        }

        String message() {
            return json().path("error_messages").path(0).asText();
        }
    }

    Reply get(String orderId, String rest) {
        return send("GET", "ordermanagement/v1/orders/" + orderId + rest, null, null);
    }

    JsonNode order(String orderId) {
        Reply reply = get(orderId, "");
        if (reply.status() != 200) {
            throw new IllegalStateException("GET order answered " + reply.status() + " " + reply.body());
        }
        return reply.json();
    }

    Reply post(String orderId, String operation, ObjectNode body, String key) {
        return send("POST", "ordermanagement/v1/orders/" + orderId + "/" + operation, body, key);
    }

    Reply post(String orderId, String operation, ObjectNode body) {
        return post(orderId, operation, body, UUID.randomUUID().toString());
    }

    Reply patch(String orderId, String operation, ObjectNode body, String key) {
        return send("PATCH", "ordermanagement/v1/orders/" + orderId + "/" + operation, body, key);
    }

    Reply send(String method, String path, ObjectNode body, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(5))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)));
        if (key != null) {
            request.header("Klarna-Idempotency-Key", key);
        }
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode capture(long amount) {
        return JSON.objectNode().put("captured_amount", amount);
    }

    static ObjectNode refund(long amount) {
        return JSON.objectNode().put("refunded_amount", amount);
    }

    /** 2 x 100.00 at 25 % with 20.00 off (180.00) and one tea at 12 % (70.00): 250.00, the reference's order. */
    static ArrayNode lines() {
        ArrayNode lines = JSON.arrayNode();
        lines.add(KlarnaCheckout.line("physical", "Kopp", 2, 10000, 2500, 2000));
        lines.add(KlarnaCheckout.line("physical", "Te", 1, 7000, 1200, 0));
        return lines;
    }
}

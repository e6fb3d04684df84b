package io.orderhook.testkit.stripe;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import io.orderhook.testkit.FaultSchedule;
import io.orderhook.testkit.SandboxServer;
import io.orderhook.testkit.stripe.StripeRules.Answer;
import io.orderhook.testkit.stripe.StripeRules.Operation;

/**
 * The Stripe sandbox's HTTP side: routing a request to its operation ({@link StripeRoute}),
 * authentication by secret key, the checks before anything runs, faults, idempotency keys as
 * Stripe documents them (see {@link StripeSandbox}; kept by {@link IdempotencyStore}), and
 * Stripe's answer headers. Records every request and counts calls.
 * The rules run under the sandbox's lock, as do the sandbox's own changes.
 */
final class StripeEndpoint implements HttpHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VERSION = Pattern.compile("\\d{4}-\\d{2}-\\d{2}(\\.[a-z]+)?");

    private final Object lock;
    private final StripeRules rules;
    private final Map<String, String> accounts;
    private final Map<String, Boolean> readOnly;
    private final FaultSchedule<StripeFault> faults;
    private final IdempotencyStore idempotency;
    private final Map<String, Integer> callCounts = new HashMap<>();
    private final List<StripeSandbox.Request> requests = new ArrayList<>();
    private final AtomicLong nextRequestId = new AtomicLong(1);

    StripeEndpoint(Object lock, StripeRules rules, Map<String, String> accounts, Map<String, Boolean> readOnly,
            FaultSchedule<StripeFault> faults, Supplier<Instant> now) {
        this.lock = lock;
        this.rules = rules;
        this.accounts = accounts;
        this.readOnly = readOnly;
        this.faults = faults;
        this.idempotency = new IdempotencyStore(now);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            serve(exchange, SandboxServer.body(exchange));
        }
    }

    int calls(String key) {
        synchronized (lock) {
            return callCounts.getOrDefault(key, 0);
        }
    }

    List<StripeSandbox.Request> requests() {
        synchronized (lock) {
            return List.copyOf(requests);
        }
    }

    private void serve(HttpExchange exchange, String body) throws IOException {
        String method = exchange.getRequestMethod();
        String fullPath = exchange.getRequestURI().getRawPath();
        // Mounted under a path (its own prefix, or local mode's /sandbox/stripe): the API's paths start below it.
        String mount = SandboxServer.mountPoint(exchange);
        String path = fullPath.startsWith(mount) ? fullPath.substring(mount.length()) : fullPath;
        String query = exchange.getRequestURI().getRawQuery();
        StripeRoute route = StripeRoute.of(method, path);
        Operation op = route == null ? null : route.op();
        String id = route == null ? null : route.id();
        FormParams params = FormParams.parse("GET".equals(method) ? query : body);
        record(exchange, op, method, path, query, body, params);

        // Authentication comes first: Stripe says nothing about a request it cannot attribute.
        String key = StripeKeys.apiKey(exchange.getRequestHeaders().getFirst("Authorization"));
        if (key == null) {
            send(exchange, error(401, "You did not provide an API key. You need to provide your API key in the"
                    + " Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY')."));
            return;
        }
        String account = accounts.get(key);
        if (account == null) {
            send(exchange, error(401, "Invalid API Key provided: " + StripeKeys.masked(key)));
            return;
        }
        String version = exchange.getRequestHeaders().getFirst("Stripe-Version");
        if (version != null && !VERSION.matcher(version).matches()) {
            send(exchange, error(400, "Invalid Stripe API version: " + version));
            return;
        }
        if (op == null) {
            send(exchange, error(404, "Unrecognized request URL (" + method + ": " + path + "). Please see"
                    + " https://stripe.com/docs or we can help at https://support.stripe.com/."));
            return;
        }
        if ("POST".equals(method) && Boolean.TRUE.equals(readOnly.get(key))) {
            send(exchange, new Answer(403, errorBody("invalid_request_error", null, "The provided key '" + StripeKeys.masked(key)
                    + "' does not have the required permissions for this endpoint on account '" + account + "'.")));
            return;
        }
        if ("POST".equals(method) && !body.isEmpty()) {
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
                send(exchange, error(400, "Invalid request: parameters must be sent form-encoded"
                        + " (Content-Type: application/x-www-form-urlencoded), not " + type + "."));
                return;
            }
        }
        StripeFault fault = count(op, route.intentNamed(params));

        // Refused before Stripe runs anything: nothing is stored under the key.
        if (fault instanceof StripeFault.GatewayError gateway) {
            SandboxServer.sendHtml(exchange, gateway.status());
            return;
        }
        if (fault instanceof StripeFault.RateLimited) {
            send(exchange, new Answer(429, errorBody("invalid_request_error", "rate_limit", "Too many requests hit the"
                    + " API too quickly. We recommend an exponential backoff of your requests.")));
            return;
        }
        if (fault instanceof StripeFault.Timeout timeout) {
            SandboxServer.hold(timeout.hold());
            return; // closing without an answer drops the connection
        }

        String idempotencyKey = "POST".equals(method) ? exchange.getRequestHeaders().getFirst("Idempotency-Key") : null;
        String endpoint = method + " " + path;
        IdempotencyStore.Stored stored = null;
        synchronized (lock) {
            Optional<IdempotencyStore.Stored> earlier = idempotencyKey == null ? Optional.empty()
                    : idempotency.find(account, idempotencyKey);
            if (earlier.isPresent()) {
                if (earlier.get().answer == null) {
                    send(exchange, new Answer(409, errorBody("invalid_request_error", "idempotency_key_in_use",
                            "There is currently another in-progress request using this Idempotent Key (that probably"
                                    + " means you submitted twice, and the other request is still going through): "
                                    + idempotencyKey + ". Please try again later.")));
                    return;
                }
                if (!earlier.get().sameRequest(endpoint, params)) {
                    send(exchange, new Answer(400, errorBody("idempotency_error", null, "Keys for idempotent requests"
                            + " can only be used with the same parameters they were first used with. Try using a key"
                            + " other than '" + idempotencyKey + "' if you meant to execute a different request.")));
                    return;
                }
                if (fault instanceof StripeFault.LostResponse) {
                    return;
                }
                send(exchange, earlier.get().answer);
                return;
            }
            Optional<Answer> invalid = rules.validate(op, params);
            if (invalid.isPresent()) {
                send(exchange, invalid.get());
                return;
            }
            if (idempotencyKey != null) {
                stored = idempotency.begin(account, idempotencyKey, endpoint, params);
            }
        }
        // From here the endpoint is executing: its answer, whatever it is, belongs to the key.
        if (fault instanceof StripeFault.Latency latency) {
            SandboxServer.hold(latency.delay());
        }
        Answer answer;
        if (fault instanceof StripeFault.ServerError server) {
            answer = new Answer(server.status(), errorBody("api_error", null, "An unknown error occurred"));
        } else {
            synchronized (lock) {
                answer = rules.execute(op, account, id, params);
            }
        }
        if (stored != null) {
            synchronized (lock) {
                stored.answer = answer;
            }
        }
        if (fault instanceof StripeFault.LostResponse) {
            return; // applied and stored; the connection is dropped before any answer
        }
        send(exchange, answer);
    }

    private StripeFault count(Operation op, String intentId) {
        synchronized (lock) {
            callCounts.merge(op.callName, 1, Integer::sum);
            if (intentId != null) {
                callCounts.merge(op.callName + "#" + intentId, 1, Integer::sum);
            }
        }
        return faults.next(op.callName);
    }

    private void record(HttpExchange exchange, Operation op, String method, String path, String query,
            String body, FormParams params) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        synchronized (lock) {
            requests.add(new StripeSandbox.Request(op == null ? null : op.callName, method, path, query, Map.copyOf(headers), body,
                    Map.copyOf(params.flat())));
        }
    }

    private static Answer error(int status, String message) {
        return new Answer(status, errorBody("invalid_request_error", null, message));
    }

    private static ObjectNode errorBody(String type, String code, String message) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode error = root.putObject("error");
        if (code != null) {
            error.put("code", code);
        }
        error.put("message", message);
        error.put("type", type);
        return root;
    }

    private void send(HttpExchange exchange, Answer answer) throws IOException {
        byte[] bytes;
        try {
            bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(answer.body());
        } catch (JsonProcessingException e) {
            throw new IOException(e);
        }
        exchange.getResponseHeaders().set("Request-Id", "req_" + Long.toString(nextRequestId.getAndIncrement(), 36)
                + "sandbox");
        String version = exchange.getRequestHeaders().getFirst("Stripe-Version");
        if (version != null) {
            exchange.getResponseHeaders().set("Stripe-Version", version);
        }
        SandboxServer.send(exchange, answer.status(), "application/json", bytes);
    }
}

package io.orderhook.testkit.stripe;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
import java.util.regex.Matcher;
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
 * The Stripe sandbox's HTTP side: routing a request to its operation, authentication by secret
 * key, the checks before anything runs, faults, idempotency keys as Stripe documents them (see
 * {@link StripeSandbox}), and Stripe's answer headers. Records every request and counts calls.
 * The rules run under the sandbox's lock, as do the sandbox's own changes.
 */
final class StripeEndpoint implements HttpHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration KEY_LIFETIME = Duration.ofHours(24);
    private static final Pattern VERSION = Pattern.compile("\\d{4}-\\d{2}-\\d{2}(\\.[a-z]+)?");
    private static final Pattern PATH = Pattern.compile(
            "^/v1/(payment_intents|refunds|charges)(?:/([^/]+))?(?:/(capture|cancel|increment_authorization))?$");

    private final Object lock;
    private final StripeRules rules;
    private final Map<String, String> accounts;
    private final Map<String, Boolean> readOnly;
    private final FaultSchedule<StripeFault> faults;
    private final Supplier<Instant> now;
    private final Map<String, Stored> idempotency = new HashMap<>();
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
        this.now = now;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            serve(exchange, new String(body, StandardCharsets.UTF_8));
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

    /** What Stripe keeps for an idempotency key. */
    private static final class Stored {
        final String endpoint;
        final Map<String, String> params;
        final Instant at;
        Answer answer;

        Stored(String endpoint, Map<String, String> params, Instant at) {
            this.endpoint = endpoint;
            this.params = params;
            this.at = at;
        }
    }

    private void serve(HttpExchange exchange, String body) throws IOException {
        String method = exchange.getRequestMethod();
        String fullPath = exchange.getRequestURI().getRawPath();
        // Mounted under a path (its own prefix, or local mode's /sandbox/stripe): the API's paths start below it.
        String context = exchange.getHttpContext().getPath();
        String mount = context.endsWith("/") ? context.substring(0, context.length() - 1) : context;
        String path = fullPath.startsWith(mount) ? fullPath.substring(mount.length()) : fullPath;
        String query = exchange.getRequestURI().getRawQuery();
        Matcher route = PATH.matcher(path);
        Operation op = route.matches() ? operation(method, route) : null;
        String id = op == null ? null : route.group(2) == null ? null : decodePath(route.group(2));
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
        String intentId = intentNamed(op, id, params);
        StripeFault fault = count(op, intentId);

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
        String scopedKey = idempotencyKey == null ? null : account + " " + idempotencyKey;
        String endpoint = method + " " + path;
        Stored stored = null;
        synchronized (lock) {
            pruneKeys();
            Stored earlier = scopedKey == null ? null : idempotency.get(scopedKey);
            if (earlier != null) {
                if (earlier.answer == null) {
                    send(exchange, new Answer(409, errorBody("invalid_request_error", "idempotency_key_in_use",
                            "There is currently another in-progress request using this Idempotent Key (that probably"
                                    + " means you submitted twice, and the other request is still going through): "
                                    + idempotencyKey + ". Please try again later.")));
                    return;
                }
                if (!earlier.endpoint.equals(endpoint) || !earlier.params.equals(params.canonical())) {
                    send(exchange, new Answer(400, errorBody("idempotency_error", null, "Keys for idempotent requests"
                            + " can only be used with the same parameters they were first used with. Try using a key"
                            + " other than '" + idempotencyKey + "' if you meant to execute a different request.")));
                    return;
                }
                Answer replay = earlier.answer;
                if (fault instanceof StripeFault.LostResponse) {
                    return;
                }
                send(exchange, replay);
                return;
            }
            Optional<Answer> invalid = rules.validate(op, params);
            if (invalid.isPresent()) {
                send(exchange, invalid.get());
                return;
            }
            if (scopedKey != null) {
                stored = new Stored(endpoint, params.canonical(), now.get());
                idempotency.put(scopedKey, stored);
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

    private static Operation operation(String method, Matcher route) {
        String resource = route.group(1);
        boolean hasId = route.group(2) != null;
        String action = route.group(3);
        Operation op = switch (resource) {
            case "payment_intents" -> action != null ? switch (action) {
                case "capture" -> Operation.CAPTURE;
                case "cancel" -> Operation.CANCEL;
                default -> Operation.INCREMENT;
            } : hasId ? ("GET".equals(method) ? Operation.RETRIEVE : Operation.UPDATE) : Operation.CREATE;
            case "refunds" -> action != null ? null : hasId ? Operation.RETRIEVE_REFUND
                    : "GET".equals(method) ? Operation.LIST_REFUNDS : Operation.CREATE_REFUND;
            default -> action == null && hasId ? Operation.RETRIEVE_CHARGE : null;
        };
        return op != null && op.method.equals(method) ? op : null;
    }

    private static String intentNamed(Operation op, String id, FormParams params) {
        return switch (op) {
            case RETRIEVE, UPDATE, CAPTURE, CANCEL, INCREMENT -> id;
            case CREATE_REFUND, LIST_REFUNDS -> params.get("payment_intent");
            case CREATE, RETRIEVE_REFUND, RETRIEVE_CHARGE -> null;
        };
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

    private void pruneKeys() {
        Instant oldest = now.get().minus(KEY_LIFETIME);
        idempotency.values().removeIf(s -> s.answer != null && s.at.isBefore(oldest));
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

    private static String decodePath(String segment) {
        return java.net.URLDecoder.decode(segment, StandardCharsets.UTF_8);
    }
}

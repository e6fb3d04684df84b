package io.orderhook.testkit.stripe;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import io.orderhook.testkit.stripe.StripeRules.Answer;
import io.orderhook.testkit.stripe.StripeRules.Operation;

/**
 * Stripe's PaymentIntents and Refunds API over real HTTP, for tests and local mode: secret-key
 * authentication (Bearer, or Basic with the key as user name as the WooCommerce plugin sends it),
 * form-encoded parameters, PaymentIntents, charges and refunds in memory with Stripe's statuses and
 * the calls each allows ({@link StripeRules}), Stripe's error bodies and codes, idempotency as
 * Stripe documents it, faults on demand ({@link StripeFault}), and call counts.
 *
 * <p>Idempotency (docs: idempotent requests): a POST's {@code Idempotency-Key} is kept per account
 * with the endpoint, the parameters and the answer, once the endpoint began executing (business
 * errors and 500s included); a repeat with the same endpoint and parameters gets the first answer
 * again, unchanged; with others, a 400 {@code idempotency_error}; while the first is still running,
 * a 409 {@code idempotency_key_in_use}. Requests refused before execution (authentication, unknown
 * or invalid parameters, rate limits) store nothing, so the key can be used again. Keys are pruned
 * after 24 hours ({@link #advanceTime}); a GET's key is ignored.
 *
 * <p>Start it on its own port ({@link #start()}) or mount {@link #handler()} under a path of a
 * server you already run (local mode: {@code /sandbox/stripe}); the client's API base is then that
 * path. Thread-safe.
 */
public final class StripeSandbox implements AutoCloseable {

    /** A PaymentIntent as the sandbox holds it, with its charge (a copy; changing it changes nothing). */
    public record PaymentIntent(String id, String account, String status, long amount, long amountCapturable,
            long amountReceived, String currency, String captureMethod, String cancellationReason,
            Map<String, String> metadata, String chargeId, long amountCaptured, long amountRefunded,
            boolean incrementalAuthorizationAvailable, Instant captureBefore, int captures, int increments) {}

    /** A refund as the sandbox holds it. */
    public record Refund(String id, String paymentIntent, String charge, long amount, String currency, String reason,
            String status, Map<String, String> metadata) {}

    /**
     * One request as it arrived, for wire tests.
     *
     * @param operation the call's name ("capture", "create_refund"...), or null for a path Stripe does not have
     * @param headers   the request's headers, names in lower case
     * @param params    the parameters (form body or query), keys decoded
     */
    public record Request(String operation, String method, String path, String query, Map<String, List<String>> headers,
            String body, Map<String, String> params) {

        public Optional<String> header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration KEY_LIFETIME = Duration.ofHours(24);
    private static final Pattern VERSION = Pattern.compile("\\d{4}-\\d{2}-\\d{2}(\\.[a-z]+)?");
    private static final Pattern PATH = Pattern.compile(
            "^/v1/(payment_intents|refunds|charges)(?:/([^/]+))?(?:/(capture|cancel|increment_authorization))?$");

    /** Secret key -> account; read-only restricted keys answer 403 to a POST. */
    private final Map<String, String> accounts = new ConcurrentHashMap<>();
    private final Map<String, Boolean> readOnly = new ConcurrentHashMap<>();
    private final Map<String, Stored> idempotency = new HashMap<>();
    private final Map<String, Integer> callCounts = new HashMap<>();
    private final List<Request> requests = new ArrayList<>();
    private final List<ScheduledFault> faults = new ArrayList<>();
    private final AtomicLong nextRequestId = new AtomicLong(1);
    private volatile Duration clockOffset = Duration.ZERO;
    private final StripeRules rules = new StripeRules(this::now);
    private final Handler handler = new Handler();

    private HttpServer server;
    private ExecutorService executor;
    private String pathPrefix = "";

    /** A sandbox not yet listening: mount {@link #handler()} on a server of your own. */
    public StripeSandbox() {}

    /** A sandbox listening on 127.0.0.1 on a free port, at the root path. */
    public static StripeSandbox start() {
        return start(new InetSocketAddress("127.0.0.1", 0), "");
    }

    /** A sandbox listening on {@code address} under {@code pathPrefix} (e.g. "/sandbox/stripe" or ""). */
    public static StripeSandbox start(InetSocketAddress address, String pathPrefix) {
        StripeSandbox sandbox = new StripeSandbox();
        try {
            sandbox.server = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the Stripe sandbox on " + address + ": " + e.getMessage(), e);
        }
        sandbox.pathPrefix = pathPrefix.endsWith("/") ? pathPrefix.substring(0, pathPrefix.length() - 1) : pathPrefix;
        // Held calls (latency, timeouts) must not block others: one thread per exchange.
        sandbox.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "stripe-sandbox");
            t.setDaemon(true);
            return t;
        });
        sandbox.server.setExecutor(sandbox.executor);
        sandbox.server.createContext(sandbox.pathPrefix.isEmpty() ? "/" : sandbox.pathPrefix, sandbox.handler);
        sandbox.server.start();
        return sandbox;
    }

    /** The API as a handler, to mount under any path of another server; paths below it start with {@code /v1/}. */
    public HttpHandler handler() {
        return handler;
    }

    /** The API base to give the client, e.g. {@code http://127.0.0.1:43121}. Only for a started sandbox. */
    public String apiBase() {
        if (server == null) {
            throw new IllegalStateException("this sandbox was not started; it is served by the server it is mounted on");
        }
        return "http://127.0.0.1:" + server.getAddress().getPort() + pathPrefix;
    }

    /** {@link #apiBase()} as a URI. */
    public URI endpoint() {
        return URI.create(apiBase());
    }

    /** Registers a secret key ({@code sk_test_…}) for an account of its own. */
    public StripeSandbox secretKey(String key) {
        accounts.put(key, "acct_" + Integer.toHexString(key.hashCode() & 0x7fffffff));
        return this;
    }

    /** Registers a restricted key of {@code secretKey}'s account that may only read (POSTs answer 403). */
    public StripeSandbox readOnlyKey(String key, String secretKey) {
        String account = accounts.get(secretKey);
        if (account == null) {
            throw new IllegalArgumentException("register the secret key first");
        }
        accounts.put(key, account);
        readOnly.put(key, true);
        return this;
    }

    // ---- the customer's checkout and the merchant's Dashboard -------------------------------

    /**
     * The customer's checkout: a card PaymentIntent with {@code capture_method=manual}, confirmed and
     * authorised ({@code requires_capture}), as the WooCommerce Stripe Gateway leaves it with
     * "capture later" on.
     *
     * @param incrementalAuthorization confirmed with {@code request_incremental_authorization=if_available}
     *                                 (available for Visa)
     * @return the PaymentIntent id
     */
    public synchronized String authorize(String secretKey, long amount, String currency,
            boolean incrementalAuthorization, Map<String, String> metadata) {
        String account = account(secretKey);
        StripeRules.Intent intent = new StripeRules.Intent();
        intent.id = rules.newId("pi");
        intent.account = account;
        intent.amount = amount;
        intent.currency = currency.toLowerCase(Locale.ROOT);
        intent.captureMethod = "manual";
        intent.paymentMethod = "pm_card_visa";
        intent.incrementalRequest = incrementalAuthorization ? "if_available" : null;
        intent.created = now().getEpochSecond();
        intent.metadata.putAll(metadata);
        rules.intents.put(intent.id, intent);
        rules.authorise(intent, "visa");
        return intent.id;
    }

    /** {@link #authorize(String, long, String, boolean, Map)} without incremental authorisation or metadata. */
    public String authorize(String secretKey, long amount, String currency) {
        return authorize(secretKey, amount, currency, false, Map.of());
    }

    /** The merchant captures in the Stripe Dashboard ({@code amount} null: all of it). */
    public synchronized void captureInDashboard(String paymentIntentId, Long amount) {
        FormParams params = FormParams.parse(amount == null ? "" : "amount_to_capture=" + amount);
        requireOk(rules.execute(Operation.CAPTURE, intent(paymentIntentId).account, paymentIntentId, params));
    }

    /** The merchant cancels in the Stripe Dashboard. */
    public synchronized void cancelInDashboard(String paymentIntentId) {
        requireOk(rules.execute(Operation.CANCEL, intent(paymentIntentId).account, paymentIntentId, FormParams.empty()));
    }

    /** The merchant refunds in the Stripe Dashboard; answers the refund's id. */
    public synchronized String refundInDashboard(String paymentIntentId, long amount) {
        FormParams params = FormParams.parse("payment_intent=" + paymentIntentId + "&amount=" + amount);
        Answer answer = rules.execute(Operation.CREATE_REFUND, intent(paymentIntentId).account, null, params);
        requireOk(answer);
        return answer.body().path("id").asText();
    }

    /** A refund fails after it was made (the card was closed): it returns nothing any more. */
    public synchronized void failRefund(String refundId, String failureReason) {
        StripeRules.Refund refund = rules.refunds.get(refundId);
        if (refund == null) {
            throw new IllegalArgumentException("the sandbox has no refund " + refundId);
        }
        rules.fail(refund, failureReason);
    }

    /** The authorisation's capture window ends now: Stripe cancels it at the next look and releases the money. */
    public synchronized void expireAuthorization(String paymentIntentId) {
        StripeRules.Intent intent = intent(paymentIntentId);
        intent.charge.captureBefore = now().getEpochSecond() - 1;
    }

    /** The card issuer declines every further incremental authorisation of this PaymentIntent. */
    public synchronized void declineIncrements(String paymentIntentId) {
        intent(paymentIntentId).declineIncrements = true;
    }

    /** Sets a PaymentIntent's status as Stripe would on its side ("processing", "requires_action"...). */
    public synchronized void setStatus(String paymentIntentId, String status) {
        intent(paymentIntentId).status = status;
    }

    /** Moves the sandbox's clock: idempotency keys older than 24 hours are forgotten, authorisations expire. */
    public void advanceTime(Duration duration) {
        clockOffset = clockOffset.plus(duration);
    }

    // ---- faults -----------------------------------------------------------------------------

    /** Injects {@code fault} into the next {@code times} calls of {@code operation} (null: any call). */
    public synchronized void inject(String operation, int times, StripeFault fault) {
        faults.add(new ScheduledFault(operation, times, fault));
    }

    /** Injects {@code fault} into the next call. */
    public void inject(StripeFault fault) {
        inject(null, 1, fault);
    }

    public synchronized void clearFaults() {
        faults.clear();
    }

    public synchronized int pendingFaults() {
        return faults.stream().mapToInt(f -> f.remaining).sum();
    }

    // ---- what tests look at -----------------------------------------------------------------

    /** The PaymentIntent as the sandbox holds it now (an expired authorisation shows as cancelled). */
    public synchronized Optional<PaymentIntent> paymentIntent(String id) {
        StripeRules.Intent intent = rules.intents.get(id);
        if (intent == null) {
            return Optional.empty();
        }
        rules.expireIfDue(intent);
        StripeRules.Charge charge = intent.charge;
        return Optional.of(new PaymentIntent(intent.id, intent.account, intent.status, intent.amount,
                intent.amountCapturable, intent.amountReceived, intent.currency, intent.captureMethod,
                intent.cancellationReason, Map.copyOf(intent.metadata), charge == null ? null : charge.id,
                charge == null ? 0 : charge.amountCaptured, charge == null ? 0 : charge.amountRefunded,
                charge != null && charge.incrementalAvailable,
                charge == null ? null : Instant.ofEpochSecond(charge.captureBefore), intent.captures, intent.increments));
    }

    /** The PaymentIntent's refunds, oldest first, Stripe's own releases ({@code expired_uncaptured_charge}) included. */
    public synchronized List<Refund> refunds(String paymentIntentId) {
        List<Refund> list = new ArrayList<>();
        for (StripeRules.Refund r : rules.refunds.values()) {
            if (r.intent.equals(paymentIntentId)) {
                list.add(new Refund(r.id, r.intent, r.charge, r.amount, r.currency, r.reason, r.status,
                        Map.copyOf(r.metadata)));
            }
        }
        return list;
    }

    /** How many authenticated calls of {@code operation} ("capture", "create_refund"...) arrived, faulted ones included. */
    public synchronized int calls(String operation) {
        return callCounts.getOrDefault(operation, 0);
    }

    /** The same, for calls that named this PaymentIntent (in the path, or as {@code payment_intent}). */
    public synchronized int calls(String operation, String paymentIntentId) {
        return callCounts.getOrDefault(operation + "#" + paymentIntentId, 0);
    }

    /** Every request that arrived, oldest first. */
    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The last request of {@code operation}. */
    public synchronized Optional<Request> lastRequest(String operation) {
        for (int i = requests.size() - 1; i >= 0; i--) {
            if (operation.equals(requests.get(i).operation())) {
                return Optional.of(requests.get(i));
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    // ---- the API ----------------------------------------------------------------------------

    private final class Handler implements HttpHandler {
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
        String key = apiKey(exchange.getRequestHeaders().getFirst("Authorization"));
        if (key == null) {
            send(exchange, error(401, "You did not provide an API key. You need to provide your API key in the"
                    + " Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY')."));
            return;
        }
        String account = accounts.get(key);
        if (account == null) {
            send(exchange, error(401, "Invalid API Key provided: " + masked(key)));
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
            send(exchange, new Answer(403, errorBody("invalid_request_error", null, "The provided key '" + masked(key)
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
            sendHtml(exchange, gateway.status());
            return;
        }
        if (fault instanceof StripeFault.RateLimited) {
            send(exchange, new Answer(429, errorBody("invalid_request_error", "rate_limit", "Too many requests hit the"
                    + " API too quickly. We recommend an exponential backoff of your requests.")));
            return;
        }
        if (fault instanceof StripeFault.Timeout timeout) {
            sleep(timeout.hold());
            return; // closing without an answer drops the connection
        }

        String idempotencyKey = "POST".equals(method) ? exchange.getRequestHeaders().getFirst("Idempotency-Key") : null;
        String scopedKey = idempotencyKey == null ? null : account + " " + idempotencyKey;
        String endpoint = method + " " + path;
        Stored stored = null;
        synchronized (this) {
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
                stored = new Stored(endpoint, params.canonical(), now());
                idempotency.put(scopedKey, stored);
            }
        }
        // From here the endpoint is executing: its answer, whatever it is, belongs to the key.
        if (fault instanceof StripeFault.Latency latency) {
            sleep(latency.delay());
        }
        Answer answer;
        if (fault instanceof StripeFault.ServerError server) {
            answer = new Answer(server.status(), errorBody("api_error", null, "An unknown error occurred"));
        } else {
            synchronized (this) {
                answer = rules.execute(op, account, id, params);
            }
        }
        if (stored != null) {
            synchronized (this) {
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

    private synchronized StripeFault count(Operation op, String intentId) {
        callCounts.merge(op.callName, 1, Integer::sum);
        if (intentId != null) {
            callCounts.merge(op.callName + "#" + intentId, 1, Integer::sum);
        }
        for (Iterator<ScheduledFault> it = faults.iterator(); it.hasNext();) {
            ScheduledFault scheduled = it.next();
            if (scheduled.operation == null || scheduled.operation.equals(op.callName)) {
                scheduled.remaining--;
                if (scheduled.remaining <= 0) {
                    it.remove();
                }
                return scheduled.fault;
            }
        }
        return null;
    }

    private synchronized void record(HttpExchange exchange, Operation op, String method, String path, String query,
            String body, FormParams params) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        requests.add(new Request(op == null ? null : op.callName, method, path, query, Map.copyOf(headers), body,
                Map.copyOf(params.flat())));
    }

    private void pruneKeys() {
        Instant oldest = now().minus(KEY_LIFETIME);
        idempotency.values().removeIf(s -> s.answer != null && s.at.isBefore(oldest));
    }

    private Instant now() {
        return Instant.now().plus(clockOffset);
    }

    /** {@code Bearer sk_…}, or Basic with the key as user name and an empty password. */
    private static String apiKey(String authorization) {
        if (authorization == null) {
            return null;
        }
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String key = authorization.substring(7).strip();
            return key.isEmpty() ? null : key;
        }
        if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()),
                        StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                String key = colon < 0 ? decoded : decoded.substring(0, colon);
                return key.isEmpty() ? null : key;
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    private static String masked(String key) {
        int prefix = key.startsWith("sk_test_") || key.startsWith("rk_test_") ? 8
                : key.startsWith("sk_live_") || key.startsWith("rk_live_") ? 8 : Math.min(3, key.length());
        int keep = Math.min(4, Math.max(0, key.length() - prefix));
        return key.substring(0, prefix) + "*".repeat(Math.max(0, key.length() - prefix - keep))
                + key.substring(key.length() - keep);
    }

    private String account(String secretKey) {
        String account = accounts.get(secretKey);
        if (account == null) {
            throw new IllegalArgumentException("register the secret key with secretKey(...) first");
        }
        return account;
    }

    private StripeRules.Intent intent(String id) {
        StripeRules.Intent intent = rules.intents.get(id);
        if (intent == null) {
            throw new IllegalArgumentException("the sandbox has no PaymentIntent " + id);
        }
        return intent;
    }

    private static void requireOk(Answer answer) {
        if (answer.status() != 200) {
            throw new IllegalStateException("Stripe would refuse this: " + answer.body());
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
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Request-Id", "req_" + Long.toString(nextRequestId.getAndIncrement(), 36)
                + "sandbox");
        String version = exchange.getRequestHeaders().getFirst("Stripe-Version");
        if (version != null) {
            exchange.getResponseHeaders().set("Stripe-Version", version);
        }
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sendHtml(HttpExchange exchange, int status) throws IOException {
        byte[] bytes = ("<html><body><h1>" + status + "</h1></body></html>").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String decodePath(String segment) {
        return java.net.URLDecoder.decode(segment, StandardCharsets.UTF_8);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Parses a JSON answer body, for tests that read the wire themselves. */
    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static final class ScheduledFault {
        final String operation;
        int remaining;
        final StripeFault fault;

        ScheduledFault(String operation, int remaining, StripeFault fault) {
            this.operation = operation;
            this.remaining = remaining;
            this.fault = fault;
        }
    }
}

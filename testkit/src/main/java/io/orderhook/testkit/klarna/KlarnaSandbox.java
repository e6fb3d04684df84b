package io.orderhook.testkit.klarna;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * Klarna's Order Management API v1 (and the one Klarna Payments call that places an order) over
 * real HTTP, for tests and local mode. It checks HTTP Basic auth per merchant, keeps orders in
 * memory with Klarna's statuses and the calls each allows, answers Klarna's error bodies and codes,
 * honours {@code Klarna-Idempotency-Key} as Klarna documents it, counts and records calls, and
 * injects faults on demand ({@link KlarnaFault}). It implements Klarna's rules itself and shares no
 * code with orderhook's client.
 *
 * <p>Start it on its own port ({@link #start()}) or mount {@link #handler()} under a path of a
 * server you already run (local mode: {@code /sandbox/klarna}). Thread-safe.
 *
 * <p>Statuses and calls (reference §5): {@code AUTHORIZED} takes captures, cancel, update
 * authorization and extend; {@code PART_CAPTURED} takes captures, refunds, update authorization
 * (not below the captured amount), extend and release-remaining-authorization (then
 * {@code CAPTURED}); {@code CAPTURED} takes refunds; {@code CANCELLED}, {@code EXPIRED} and
 * {@code CLOSED} take nothing that changes money. Captures never exceed
 * {@code remaining_authorized_amount} and refunds never exceed captured less refunded
 * ({@code 403 CAPTURE_NOT_ALLOWED}, {@code REFUND_NOT_ALLOWED}); cancel only without captures
 * ({@code 403 CANCEL_NOT_ALLOWED}); the rest {@code 403 NOT_ALLOWED}; an unknown order
 * {@code 404 NO_SUCH_ORDER}. Lines and amounts: {@link LineRules}.
 *
 * <p>Idempotency (reference §2): a POST or PATCH with a {@code Klarna-Idempotency-Key} is executed
 * at most once per merchant and key within 24 hours of the first; every repeat gets the first
 * answer's status and body, whatever its own body or operation. Where the reference is unsure the
 * sandbox is stricter, each marked <b>Choice</b> at its place: the key must be a UUID; a key is the
 * merchant's, not one operation's; the replay carries no {@code Capture-Id}, {@code Refund-Id} or
 * {@code Location} header; refusals are replayed too; a call on an order while another call on the
 * same order is still running is {@code 409 CONFLICT}.
 */
public final class KlarnaSandbox implements AutoCloseable {

    /** Klarna's idempotency window. */
    public static final Duration IDEMPOTENCY_WINDOW = Duration.ofHours(24);
    /** Payment methods whose authorisation may be raised (reference §5.5); card-funded ones may not (<b>Choice</b>). */
    public static final Set<String> INCREASABLE_METHODS = Set.of("INVOICE", "B2B_INVOICE", "BASE_ACCOUNT",
            "DIRECT_DEBIT", "FIXED_AMOUNT");

    private static final int MAX_RECORDED = 10_000;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern UUID_FORMAT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern ORDER_PATH = Pattern.compile("/ordermanagement/v1/orders/([^/]+)(?:/(.+))?");
    private static final Pattern PLACE_ORDER_PATH = Pattern.compile("/payments/v1/authorizations/([^/]+)/order");

    /** A captured or refunded part of an order. */
    public record Movement(String id, long amount, JsonNode lines, String reference, String description, Instant at) {}

    /** A recorded request: what the sandbox received, before any check. */
    public record Request(String method, String path, Map<String, List<String>> headers, String body) {
        /** A header's first value, the name in any case. */
        public Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst();
        }

        public JsonNode json() {
            try {
                return body.isEmpty() ? JSON.missingNode() : MAPPER.readTree(body);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("the recorded body is not JSON: " + body, e);
            }
        }
    }

    /** An order as the sandbox holds it (a copy; changing it changes nothing). */
    public record Order(String orderId, String merchant, String status, String fraudStatus, String currency,
            long orderAmount, long originalOrderAmount, long capturedAmount, long refundedAmount,
            long remainingAuthorizedAmount, Instant expiresAt, String paymentMethodType, JsonNode lines,
            List<Movement> captures, List<Movement> refunds) {}

    private final Map<String, String> passwords = new ConcurrentHashMap<>();
    private final Map<String, StoredOrder> orders = new HashMap<>();
    private final Map<String, Authorization> tokens = new HashMap<>();
    private final Map<String, StoredAnswer> idempotent = new HashMap<>();
    private final Set<String> busyOrders = new HashSet<>();
    private final Map<String, Integer> callCounts = new HashMap<>();
    private final List<Recorded> requests = new ArrayList<>();
    private final List<ScheduledFault> faults = new ArrayList<>();
    private final Handler handler = new Handler();
    private Duration clockOffset = Duration.ZERO;
    private Duration authorizationPeriod = Duration.ofDays(28);
    private boolean refuseIncreases;

    private HttpServer server;
    private ExecutorService executor;
    private String pathPrefix = "";

    /** A sandbox not yet listening: mount {@link #handler()} on a server of your own. */
    public KlarnaSandbox() {}

    /** A sandbox listening on 127.0.0.1 on a free port, at the root path. */
    public static KlarnaSandbox start() {
        return start(new InetSocketAddress("127.0.0.1", 0), "");
    }

    /** A sandbox listening on {@code address} under {@code pathPrefix} (e.g. "/sandbox/klarna" or ""). */
    public static KlarnaSandbox start(InetSocketAddress address, String pathPrefix) {
        KlarnaSandbox sandbox = new KlarnaSandbox();
        try {
            sandbox.server = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the Klarna sandbox on " + address + ": " + e.getMessage(), e);
        }
        sandbox.pathPrefix = trimSlash(pathPrefix);
        // Held (timeout, latency) calls must not block other calls: one thread per exchange.
        sandbox.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "klarna-sandbox");
            t.setDaemon(true);
            return t;
        });
        sandbox.server.setExecutor(sandbox.executor);
        sandbox.server.createContext(sandbox.pathPrefix.isEmpty() ? "/" : sandbox.pathPrefix, sandbox.handler);
        sandbox.server.start();
        return sandbox;
    }

    /** The sandbox's API as a handler, to mount under any path of another server (its context path is taken off). */
    public HttpHandler handler() {
        return handler;
    }

    /** The base URL to give the client, e.g. {@code http://127.0.0.1:43121/}. Only for a started sandbox. */
    public URI baseUrl() {
        if (server == null) {
            throw new IllegalStateException("this sandbox was not started; it is served by the server it is mounted on");
        }
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + pathPrefix + "/");
    }

    /** Registers API credentials: Basic auth with {@code username} and {@code password}. */
    public KlarnaSandbox merchant(String username, String password) {
        passwords.put(username, password);
        return this;
    }

    // ---- the customer's side and Klarna's own -------------------------------------------------

    /**
     * The customer authorised a payment in Klarna's widget: the authorization token the shop's
     * checkout places its order with. Orders placed with a token Klarna did not hand out are
     * INVOICE and ACCEPTED.
     *
     * @param paymentMethodType {@code initial_payment_method.type}: "INVOICE", "CARD", "FIXED_AMOUNT", ...
     * @param fraudStatus       ACCEPTED, PENDING or REJECTED
     */
    public synchronized String authorizationToken(String paymentMethodType, String fraudStatus) {
        String token = UUID.randomUUID().toString();
        tokens.put(token, new Authorization(paymentMethodType, fraudStatus));
        return token;
    }

    /** Klarna's fraud review decided (ACCEPTED, REJECTED, STOPPED), as its pending-order notification says. */
    public synchronized void setFraudStatus(String orderId, String fraudStatus) {
        stored(orderId).fraudStatus = fraudStatus;
    }

    /** The authorisation lapses now: the order is EXPIRED when next looked at. */
    public synchronized void expire(String orderId) {
        stored(orderId).expiresAt = now();
    }

    /** Klarna closes the order (its trigger is not documented): nothing that moves money is allowed after. */
    public synchronized void close(String orderId) {
        stored(orderId).status = "CLOSED";
    }

    /** Moves the sandbox's clock forward (idempotency window, expiry, extension). */
    public synchronized void advance(Duration duration) {
        clockOffset = clockOffset.plus(duration);
    }

    /** The merchant's authorisation period (default 28 days). */
    public synchronized KlarnaSandbox authorizationPeriod(Duration period) {
        authorizationPeriod = period;
        return this;
    }

    /** Klarna's new credit decision refuses every increase of an authorisation, whatever the method. */
    public synchronized KlarnaSandbox refuseIncreases(boolean refuse) {
        refuseIncreases = refuse;
        return this;
    }

    // ---- faults -------------------------------------------------------------------------------

    /** Injects {@code fault} into the next {@code times} authenticated calls of {@code operation} (null: any). */
    public synchronized void inject(String operation, int times, KlarnaFault fault) {
        faults.add(new ScheduledFault(operation, times, fault));
    }

    public void inject(KlarnaFault fault) {
        inject(null, 1, fault);
    }

    public synchronized void clearFaults() {
        faults.clear();
    }

    public synchronized int pendingFaults() {
        return faults.stream().mapToInt(f -> f.remaining).sum();
    }

    // ---- what tests look at -------------------------------------------------------------------

    /**
     * How many authenticated calls of {@code operation} arrived (faulted and replayed ones included).
     * Operations: {@code place_order}, {@code get_order}, {@code capture}, {@code get_captures},
     * {@code get_capture}, {@code refund}, {@code get_refund}, {@code cancel},
     * {@code update_authorization}, {@code extend_authorization_time},
     * {@code release_remaining_authorization}, {@code acknowledge}, {@code update_merchant_references}.
     */
    public synchronized int calls(String operation) {
        return callCounts.getOrDefault(operation, 0);
    }

    /** How many authenticated calls of {@code operation} named order {@code orderId}. */
    public synchronized int calls(String operation, String orderId) {
        return callCounts.getOrDefault(operation + "#" + orderId, 0);
    }

    /** Every request of {@code operation} on {@code orderId}, oldest first, as received. */
    public synchronized List<Request> requests(String operation, String orderId) {
        return requests.stream().filter(r -> r.operation.equals(operation) && r.orderId.equals(orderId))
                .map(r -> r.request).toList();
    }

    public Request lastRequest(String operation, String orderId) {
        List<Request> found = requests(operation, orderId);
        if (found.isEmpty()) {
            throw new IllegalStateException("no " + operation + " request for order " + orderId);
        }
        return found.get(found.size() - 1);
    }

    public synchronized Optional<Order> order(String orderId) {
        StoredOrder stored = orders.get(orderId);
        if (stored == null) {
            return Optional.empty();
        }
        refresh(stored);
        return Optional.of(stored.snapshot());
    }

    private StoredOrder stored(String orderId) {
        StoredOrder stored = orders.get(orderId);
        if (stored == null) {
            throw new IllegalArgumentException("the sandbox has no order " + orderId);
        }
        return stored;
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    // ---- the HTTP side ------------------------------------------------------------------------

    private final class Handler implements HttpHandler {
        @Override
        public void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                byte[] bytes;
                try (InputStream in = exchange.getRequestBody()) {
                    bytes = in.readAllBytes();
                }
                serve(exchange, new String(bytes, StandardCharsets.UTF_8));
            }
        }
    }

    /** An answer: status, body (null: none) and headers. */
    private record Answer(int status, String body, Map<String, String> headers) {
        static Answer noContent() {
            return new Answer(204, null, Map.of());
        }
    }

    /** What the sandbox remembers for an idempotency key: the first answer's status and body. */
    private record StoredAnswer(int status, String body, Instant at) {}

    /** @param part the capture or refund id a path names after the order's, or empty */
    private record Route(String operation, String orderId, String part, boolean changes) {}

    private void serve(HttpExchange exchange, String body) throws IOException {
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String mountedAt = trimSlash(exchange.getHttpContext().getPath());
        String path = exchange.getRequestURI().getRawPath();
        if (!mountedAt.isEmpty() && path.startsWith(mountedAt)) {
            path = path.substring(mountedAt.length());
        }
        Route route = route(method, path);
        Request request = new Request(method, path, copyHeaders(exchange), body);
        synchronized (this) {
            requests.add(new Recorded(route == null ? "unknown" : route.operation, route == null ? "" : route.orderId,
                    request));
            if (requests.size() > MAX_RECORDED) {
                requests.remove(0); // local mode runs for hours: keep the newest
            }
        }
        if (route == null) {
            send(exchange, error(404, "NOT_FOUND", "No resource " + method + " " + path));
            return;
        }
        Optional<String> merchant = authenticate(request);
        if (merchant.isEmpty()) {
            // Choice: Klarna's 401 body and code are unverified, so the sandbox answers none.
            exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"Klarna\"");
            send(exchange, new Answer(401, null, Map.of()));
            return;
        }
        KlarnaFault fault = count(route);
        String key = route.changes ? request.header("Klarna-Idempotency-Key").orElse(null) : null;
        if (key != null && !UUID_FORMAT.matcher(key).matches()) {
            // Choice: Klarna asks for a UUID (v4 in one place, v5 in another); anything else is refused.
            send(exchange, error(400, "BAD_VALUE", "Bad value: Klarna-Idempotency-Key (not a UUID)"));
            return;
        }
        if (key != null) {
            Optional<StoredAnswer> replay = replay(merchant.get(), key);
            if (replay.isPresent()) {
                // Choice: status and body as documented, not the first answer's headers.
                send(exchange, new Answer(replay.get().status(), replay.get().body(), Map.of()));
                return;
            }
        }
        if (fault instanceof KlarnaFault.HttpStatus http) {
            send(exchange, http.klarnaBody() ? error(http.status(), codeOf(http.status()), "Sandbox fault " + http.status())
                    : new Answer(http.status(), "<html><body><h1>" + http.status() + "</h1></body></html>",
                            Map.of("Content-Type", "text/html")));
            return;
        }
        if (route.changes && !claim(route.orderId)) {
            // Choice: the trigger of 409 is unverified; a call on an order whose previous call still runs is one.
            send(exchange, error(409, "CONFLICT", "The order is being modified by another request"));
            return;
        }
        Answer answer;
        try {
            if (fault instanceof KlarnaFault.Latency latency) {
                sleep(latency.delay());
            } else if (fault instanceof KlarnaFault.Timeout timeout) {
                sleep(timeout.hold());
                return; // closing without an answer drops the connection
            }
            answer = apply(merchant.get(), route, body, "http://" + hostOf(exchange) + mountedAt);
            if (key != null) {
                remember(merchant.get(), key, answer);
            }
        } finally {
            if (route.changes) {
                release(route.orderId);
            }
        }
        if (fault instanceof KlarnaFault.LostResponse) {
            return; // applied; the connection is dropped before any answer
        }
        if (fault instanceof KlarnaFault.AppliedThenStatus then) {
            send(exchange, error(then.status(), codeOf(then.status()), "Sandbox fault " + then.status()));
            return;
        }
        send(exchange, answer);
    }

    private static Route route(String method, String path) {
        Matcher place = PLACE_ORDER_PATH.matcher(path);
        if (place.matches() && "POST".equals(method)) {
            return new Route("place_order", place.group(1), "", false);
        }
        Matcher matcher = ORDER_PATH.matcher(path);
        if (!matcher.matches()) {
            return null;
        }
        String id = matcher.group(1);
        String rest = matcher.group(2) == null ? "" : matcher.group(2);
        String operation = switch (method + " " + rest.replaceAll("^(captures|refunds)/[^/]+$", "$1/{id}")) {
            case "GET " -> "get_order";
            case "POST captures" -> "capture";
            case "GET captures" -> "get_captures";
            case "GET captures/{id}" -> "get_capture";
            case "POST refunds" -> "refund";
            case "GET refunds/{id}" -> "get_refund";
            case "POST cancel" -> "cancel";
            case "PATCH authorization" -> "update_authorization";
            case "POST extend-authorization-time" -> "extend_authorization_time";
            case "POST release-remaining-authorization" -> "release_remaining_authorization";
            case "POST acknowledge" -> "acknowledge";
            case "PATCH merchant-references" -> "update_merchant_references";
            default -> null;
        };
        String part = rest.matches("(captures|refunds)/[^/]+") ? rest.substring(rest.indexOf('/') + 1) : "";
        return operation == null ? null : new Route(operation, id, part, !"GET".equals(method));
    }

    private Optional<String> authenticate(Request request) {
        Optional<String> header = request.header("Authorization");
        if (header.isEmpty() || !header.get().regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.get().substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        String username = decoded.substring(0, colon);
        String password = passwords.get(username);
        return password != null && password.equals(decoded.substring(colon + 1)) ? Optional.of(username) : Optional.empty();
    }

    private synchronized KlarnaFault count(Route route) {
        callCounts.merge(route.operation, 1, Integer::sum);
        callCounts.merge(route.operation + "#" + route.orderId, 1, Integer::sum);
        for (Iterator<ScheduledFault> it = faults.iterator(); it.hasNext();) {
            ScheduledFault scheduled = it.next();
            if (scheduled.operation == null || scheduled.operation.equals(route.operation)) {
                if (--scheduled.remaining <= 0) {
                    it.remove();
                }
                return scheduled.fault;
            }
        }
        return null;
    }

    private synchronized Optional<StoredAnswer> replay(String merchant, String key) {
        StoredAnswer stored = idempotent.get(merchant + "|" + key);
        if (stored == null) {
            return Optional.empty();
        }
        if (!now().isBefore(stored.at().plus(IDEMPOTENCY_WINDOW))) {
            idempotent.remove(merchant + "|" + key); // forgotten after 24 h: the key executes again
            return Optional.empty();
        }
        return Optional.of(stored);
    }

    private synchronized void remember(String merchant, String key, Answer answer) {
        // Choice: refusals are the first execution's answer as much as successes are.
        Instant now = now();
        if (idempotent.size() >= MAX_RECORDED) {
            idempotent.values().removeIf(stored -> !now.isBefore(stored.at().plus(IDEMPOTENCY_WINDOW)));
        }
        idempotent.put(merchant + "|" + key, new StoredAnswer(answer.status(), answer.body(), now));
    }

    private synchronized boolean claim(String orderId) {
        return busyOrders.add(orderId);
    }

    private synchronized void release(String orderId) {
        busyOrders.remove(orderId);
    }

    // ---- the rules ----------------------------------------------------------------------------

    private synchronized Answer apply(String merchant, Route route, String body, String mountedUrl) {
        JsonNode json = JSON.objectNode();
        if (!body.isBlank()) {
            try {
                json = MAPPER.readTree(body);
            } catch (JsonProcessingException e) {
                return error(400, "BAD_VALUE", "Bad value: the request body is not JSON");
            }
            if (json == null || !json.isObject()) {
                return error(400, "BAD_VALUE", "Bad value: the request body is not a JSON object");
            }
        }
        if ("place_order".equals(route.operation)) {
            return placeOrder(merchant, route.orderId, json);
        }
        StoredOrder order = orders.get(route.orderId);
        if (order == null || !order.merchant.equals(merchant)) {
            return error(404, "NO_SUCH_ORDER", "The order " + route.orderId + " does not exist");
        }
        refresh(order);
        String base = mountedUrl + "/ordermanagement/v1/orders/" + order.id;
        return switch (route.operation) {
            case "get_order" -> new Answer(200, orderJson(order).toString(), json());
            case "capture" -> capture(order, json, base);
            case "get_captures" -> {
                ArrayNode list = JSON.arrayNode();
                order.captures.forEach(c -> list.add(movementJson(c, "capture_id", "captured_amount", "captured_at")));
                yield new Answer(200, list.toString(), json());
            }
            case "get_capture" -> movement(order.captures, route, "NO_SUCH_CAPTURE", "capture_id", "captured_amount",
                    "captured_at");
            case "refund" -> refund(order, json, base);
            case "get_refund" -> movement(order.refunds, route, "NOT_FOUND", "refund_id", "refunded_amount", "refunded_at");
            case "cancel" -> cancel(order);
            case "update_authorization" -> updateAuthorization(order, json);
            case "extend_authorization_time" -> extend(order);
            case "release_remaining_authorization" -> releaseRemaining(order);
            case "acknowledge" -> "CLOSED".equals(order.status)
                    ? error(403, "NOT_ALLOWED", "The order is closed") : Answer.noContent();
            case "update_merchant_references" -> merchantReferences(order, json);
            default -> error(404, "NOT_FOUND", "No resource " + route.operation);
        };
    }

    /** Klarna Payments' {@code POST /payments/v1/authorizations/{token}/order}: the checkout places the order. */
    private Answer placeOrder(String merchant, String token, JsonNode json) {
        Optional<LineRules.Violation> violation = LineRules.amount(json, "order_amount", 1)
                .or(() -> LineRules.lines(json, json.path("order_amount").asLong(), "order_amount", true, false))
                .or(() -> LineRules.amount(json, "order_tax_amount", Long.MIN_VALUE / 2))
                .or(() -> orderTax(json));
        if (json.path("purchase_currency").asText("").length() != 3) {
            violation = Optional.of(LineRules.Violation.badValue("purchase_currency"));
        }
        if (violation.isPresent()) {
            return error(violation.get());
        }
        Authorization authorization = tokens.getOrDefault(token, new Authorization("INVOICE", "ACCEPTED"));
        if ("REJECTED".equals(authorization.fraudStatus())) {
            return error(403, "REJECTED", "The purchase was rejected");
        }
        StoredOrder order = new StoredOrder();
        order.id = UUID.randomUUID().toString();
        order.merchant = merchant;
        order.status = "AUTHORIZED";
        order.fraudStatus = authorization.fraudStatus();
        order.paymentMethodType = authorization.paymentMethodType();
        order.currency = json.path("purchase_currency").asText();
        order.country = json.path("purchase_country").asText("SE");
        order.locale = json.path("locale").asText("sv-SE");
        order.orderAmount = json.path("order_amount").asLong();
        order.originalOrderAmount = order.orderAmount;
        order.lines = json.path("order_lines").deepCopy();
        order.merchantReference1 = json.path("merchant_reference1").asText("");
        order.createdAt = now();
        order.expiresAt = order.createdAt.plus(authorizationPeriod);
        orders.put(order.id, order);
        ObjectNode answer = JSON.objectNode().put("order_id", order.id)
                .put("redirect_url", "https://sandbox.invalid/confirmation/" + order.id)
                .put("fraud_status", order.fraudStatus);
        answer.putObject("authorized_payment_method").put("type", order.paymentMethodType);
        return new Answer(200, answer.toString(), json());
    }

    /** Klarna Payments: the order's tax is its lines' tax, within one minor unit per line. */
    private static Optional<LineRules.Violation> orderTax(JsonNode json) {
        long sum = 0;
        for (JsonNode line : json.path("order_lines")) {
            sum += line.path("total_tax_amount").asLong();
        }
        return Math.abs(sum - json.path("order_tax_amount").asLong()) > json.path("order_lines").size()
                ? Optional.of(LineRules.Violation.badValue("order_tax_amount")) : Optional.empty();
    }

    private Answer capture(StoredOrder order, JsonNode json, String base) {
        Optional<LineRules.Violation> violation = LineRules.amount(json, "captured_amount", 1)
                .or(() -> LineRules.lines(json, json.path("captured_amount").asLong(), "captured_amount", false, false))
                .or(() -> LineRules.text(json, "description", 255))
                .or(() -> LineRules.text(json, "reference", 255));
        if (violation.isPresent()) {
            return error(violation.get());
        }
        long amount = json.path("captured_amount").asLong();
        switch (order.status) {
            case "CANCELLED" -> {
                return error(403, "CAPTURE_NOT_ALLOWED", "Order is cancelled. Capture not possible.");
            }
            case "EXPIRED" -> {
                return error(403, "CAPTURE_NOT_ALLOWED", "Order " + order.id + " is expired. Capture not possible.");
            }
            case "CLOSED" -> {
                return error(403, "CAPTURE_NOT_ALLOWED", "Order is closed. Capture not possible.");
            }
            default -> { }
        }
        if (!"ACCEPTED".equals(order.fraudStatus)) {
            // Choice: the reference's code for a capture before the fraud review accepted is unverified.
            return error(403, "CAPTURE_NOT_ALLOWED", "Order is not accepted by Klarna's fraud review (fraud_status "
                    + order.fraudStatus + "). Capture not possible.");
        }
        if (amount > order.remaining()) {
            return error(403, "CAPTURE_NOT_ALLOWED",
                    "Captured amount is higher than the remaining authorized amount. Capture not possible.");
        }
        Movement capture = new Movement(UUID.randomUUID().toString(), amount,
                json.path("order_lines").isArray() ? json.path("order_lines").deepCopy() : JSON.arrayNode(),
                json.path("reference").asText(""), json.path("description").asText(""), now());
        order.captures.add(capture);
        order.capturedAmount += amount;
        order.status = order.capturedAmount >= order.orderAmount ? "CAPTURED" : "PART_CAPTURED";
        return new Answer(201, null, Map.of("Capture-Id", capture.id(), "Location", base + "/captures/" + capture.id()));
    }

    private Answer refund(StoredOrder order, JsonNode json, String base) {
        Optional<LineRules.Violation> violation = LineRules.amount(json, "refunded_amount", 1)
                .or(() -> LineRules.lines(json, json.path("refunded_amount").asLong(), "refunded_amount", false, true))
                .or(() -> LineRules.text(json, "description", 255))
                .or(() -> LineRules.text(json, "reference", 255));
        if (violation.isPresent()) {
            return error(violation.get());
        }
        if (Set.of("EXPIRED", "CLOSED").contains(order.status)) {
            // Choice: whether an expired order's captured part can still be refunded is unverified.
            return error(403, "REFUND_NOT_ALLOWED", "Order is " + order.status.toLowerCase(Locale.ROOT)
                    + ". Refund not possible.");
        }
        if (order.capturedAmount == 0) {
            return error(403, "REFUND_NOT_ALLOWED", "Order has no captures. Refund not possible.");
        }
        long amount = json.path("refunded_amount").asLong();
        if (amount > order.capturedAmount - order.refundedAmount) {
            return error(403, "REFUND_NOT_ALLOWED", "Over refund is not allowed. The refunded amount is higher than"
                    + " the captured amount not yet refunded.");
        }
        Movement refund = new Movement(UUID.randomUUID().toString(), amount,
                json.path("order_lines").isArray() ? json.path("order_lines").deepCopy() : JSON.arrayNode(),
                json.path("reference").asText(""), json.path("description").asText(""), now());
        order.refunds.add(refund);
        order.refundedAmount += amount;
        return new Answer(201, null, Map.of("Refund-Id", refund.id(), "Location", base + "/refunds/" + refund.id()));
    }

    private Answer cancel(StoredOrder order) {
        if (order.capturedAmount > 0) {
            return error(403, "CANCEL_NOT_ALLOWED", "Order has previous captures. Cancel not possible.");
        }
        if (!"AUTHORIZED".equals(order.status)) {
            // Choice: the code for cancelling a cancelled, expired or closed order is unverified.
            return error(403, "CANCEL_NOT_ALLOWED", "Order is " + order.status.toLowerCase(Locale.ROOT)
                    + ". Cancel not possible.");
        }
        order.status = "CANCELLED";
        return Answer.noContent();
    }

    private Answer updateAuthorization(StoredOrder order, JsonNode json) {
        Optional<LineRules.Violation> violation = LineRules.amount(json, "order_amount", 0)
                .or(() -> LineRules.lines(json, json.path("order_amount").asLong(), "order_amount", false, false))
                .or(() -> LineRules.text(json, "description", 255));
        if (violation.isPresent()) {
            return error(violation.get());
        }
        if (!"AUTHORIZED".equals(order.status) && !"PART_CAPTURED".equals(order.status)) {
            return error(403, "NOT_ALLOWED", "Order is " + order.status.toLowerCase(Locale.ROOT)
                    + ". The authorization cannot be updated.");
        }
        long amount = json.path("order_amount").asLong();
        if (amount < order.capturedAmount) {
            return error(403, "NOT_ALLOWED", "Resulting authorization amount " + amount
                    + " cannot be less than the captured amount " + order.capturedAmount);
        }
        if (amount > order.orderAmount && (refuseIncreases || !INCREASABLE_METHODS.contains(order.paymentMethodType))) {
            return error(403, "NOT_ALLOWED", "The order amount cannot be increased for this purchase. A new purchase"
                    + " is needed.");
        }
        order.orderAmount = amount;
        // Lines left out remove the stored ones (reference §5.5).
        order.lines = json.path("order_lines").isArray() ? json.path("order_lines").deepCopy() : JSON.arrayNode();
        if (order.capturedAmount > 0 && order.capturedAmount >= amount) {
            order.status = "CAPTURED";
        }
        return Answer.noContent();
    }

    private Answer extend(StoredOrder order) {
        if ("EXPIRED".equals(order.status)) {
            return error(403, "NOT_ALLOWED", "Order is expired. Authorization time cannot be extended.");
        }
        if (!"AUTHORIZED".equals(order.status) && !"PART_CAPTURED".equals(order.status)) {
            // Choice: nothing is left to extend on a captured, cancelled or closed order.
            return error(403, "NOT_ALLOWED", "Order is " + order.status.toLowerCase(Locale.ROOT)
                    + ". Authorization time cannot be extended.");
        }
        // Today plus the merchant's period (twice on one day gives one date), never past 180 days after purchase.
        Instant extended = now().truncatedTo(ChronoUnit.DAYS).plus(authorizationPeriod);
        Instant limit = order.createdAt.plus(Duration.ofDays(180));
        order.expiresAt = extended.isAfter(limit) ? limit : extended;
        return Answer.noContent();
    }

    private Answer releaseRemaining(StoredOrder order) {
        switch (order.status) {
            case "PART_CAPTURED" -> {
                order.released = true;
                order.status = "CAPTURED";
                return Answer.noContent();
            }
            case "AUTHORIZED" -> {
                return error(403, "NOT_ALLOWED", "Order has no captures. Remaining authorization cannot be released;"
                        + " cancel the order instead.");
            }
            case "CAPTURED" -> {
                return error(403, "NOT_ALLOWED", "Order is fully captured. Remaining authorization cannot be released.");
            }
            default -> {
                return error(403, "NOT_ALLOWED", "Order is " + order.status.toLowerCase(Locale.ROOT)
                        + ". Remaining authorization cannot be released.");
            }
        }
    }

    private Answer merchantReferences(StoredOrder order, JsonNode json) {
        Optional<LineRules.Violation> violation = LineRules.text(json, "merchant_reference1", 255)
                .or(() -> LineRules.text(json, "merchant_reference2", 255));
        if (violation.isPresent()) {
            return error(violation.get());
        }
        if ("CANCELLED".equals(order.status)) {
            return error(403, "NOT_ALLOWED", "Order is cancelled. Merchant references cannot be updated.");
        }
        order.merchantReference1 = json.path("merchant_reference1").asText(order.merchantReference1);
        order.merchantReference2 = json.path("merchant_reference2").asText(order.merchantReference2);
        return Answer.noContent();
    }

    private Answer movement(List<Movement> movements, Route route, String notFound, String idField, String amountField,
            String atField) {
        return movements.stream().filter(m -> m.id().equals(route.part)).findFirst()
                .map(m -> new Answer(200, movementJson(m, idField, amountField, atField).toString(), json()))
                .orElseGet(() -> error(404, notFound, idField.replace("_id", "") + " " + route.part
                        + " cannot be found for order " + route.orderId));
    }

    // ---- the order's JSON ---------------------------------------------------------------------

    /** The order as {@code GET} answers it (reference §5.1), with a test customer's details. */
    private static ObjectNode orderJson(StoredOrder order) {
        ObjectNode json = JSON.objectNode();
        json.put("order_id", order.id)
                .put("status", order.status)
                .put("fraud_status", order.fraudStatus)
                .put("order_amount", order.orderAmount)
                .put("original_order_amount", order.originalOrderAmount)
                .put("captured_amount", order.capturedAmount)
                .put("refunded_amount", order.refundedAmount)
                .put("remaining_authorized_amount", order.remaining())
                .put("purchase_currency", order.currency)
                .put("locale", order.locale)
                .put("purchase_country", order.country);
        json.set("order_lines", order.lines.deepCopy());
        json.put("merchant_reference1", order.merchantReference1)
                .put("merchant_reference2", order.merchantReference2)
                .put("klarna_reference", order.id.substring(0, 8).toUpperCase(Locale.ROOT))
                .put("expires_at", order.expiresAt.truncatedTo(ChronoUnit.MILLIS).toString())
                .put("created_at", order.createdAt.truncatedTo(ChronoUnit.MILLIS).toString());
        ArrayNode captures = json.putArray("captures");
        order.captures.forEach(c -> captures.add(movementJson(c, "capture_id", "captured_amount", "captured_at")));
        ArrayNode refunds = json.putArray("refunds");
        order.refunds.forEach(r -> refunds.add(movementJson(r, "refund_id", "refunded_amount", "refunded_at")));
        json.putObject("initial_payment_method").put("type", order.paymentMethodType)
                .put("description", "Sandbox " + order.paymentMethodType).put("number_of_installments", 0);
        json.putObject("billing_address").put("given_name", "Tess").put("family_name", "Persson")
                .put("email", "tess.persson@example.com").put("street_address", "Sveavägen 44")
                .put("postal_code", "11134").put("city", "Stockholm").put("country", order.country)
                .put("phone", "+46701740615");
        json.set("shipping_address", json.path("billing_address").deepCopy());
        json.putObject("customer").put("date_of_birth", "1990-01-01").put("national_identification_number", "199001012384");
        return json;
    }

    private static ObjectNode movementJson(Movement movement, String idField, String amountField, String atField) {
        ObjectNode json = JSON.objectNode().put(idField, movement.id()).put(amountField, movement.amount())
                .put(atField, movement.at().truncatedTo(ChronoUnit.MILLIS).toString());
        if (!movement.description().isEmpty()) {
            json.put("description", movement.description());
        }
        if (!movement.reference().isEmpty()) {
            json.put("reference", movement.reference());
        }
        json.set("order_lines", movement.lines().deepCopy());
        return json;
    }

    // ---- helpers ------------------------------------------------------------------------------

    private Instant now() {
        return Instant.now().plus(clockOffset);
    }

    /** An authorisation whose time has come is EXPIRED when next looked at. */
    private void refresh(StoredOrder order) {
        if (("AUTHORIZED".equals(order.status) || "PART_CAPTURED".equals(order.status)) && !now().isBefore(order.expiresAt)) {
            order.status = "EXPIRED";
        }
    }

    private static Answer error(int status, String code, String message) {
        ObjectNode body = JSON.objectNode().put("error_code", code);
        body.putArray("error_messages").add(message);
        body.put("correlation_id", UUID.randomUUID().toString());
        return new Answer(status, body.toString(), json());
    }

    private static Answer error(LineRules.Violation violation) {
        return error(violation.status(), violation.code(), violation.message());
    }

    /** Klarna's code for a status its error table lists (reference §4). */
    private static String codeOf(int status) {
        return switch (status) {
            case 409 -> "CONFLICT";
            case 413 -> "REQUEST_TOO_LARGE";
            case 429 -> "TOO_MANY_REQUESTS";
            case 500 -> "INTERNAL_SERVER_ERROR";
            case 502, 503, 504 -> "TEMPORARILY_UNAVAILABLE";
            default -> "UNEXPECTED_ERROR";
        };
    }

    private static Map<String, String> json() {
        return Map.of("Content-Type", "application/json");
    }

    private static void send(HttpExchange exchange, Answer answer) throws IOException {
        answer.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        if (answer.body() == null) {
            exchange.sendResponseHeaders(answer.status(), -1);
            return;
        }
        if (!answer.headers().containsKey("Content-Type")) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
        }
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, List<String>> copyHeaders(HttpExchange exchange) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
        return Map.copyOf(headers);
    }

    private static String hostOf(HttpExchange exchange) {
        String host = exchange.getRequestHeaders().getFirst("Host");
        return host == null ? "127.0.0.1" : host;
    }

    private static String trimSlash(String prefix) {
        return prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Authorization(String paymentMethodType, String fraudStatus) {}

    private record Recorded(String operation, String orderId, Request request) {}

    private static final class ScheduledFault {
        final String operation;
        int remaining;
        final KlarnaFault fault;

        ScheduledFault(String operation, int remaining, KlarnaFault fault) {
            this.operation = operation;
            this.remaining = remaining;
            this.fault = fault;
        }
    }

    private static final class StoredOrder {
        String id;
        String merchant;
        String status;
        String fraudStatus;
        String paymentMethodType;
        String currency;
        String country;
        String locale;
        String merchantReference1 = "";
        String merchantReference2 = "";
        long orderAmount;
        long originalOrderAmount;
        long capturedAmount;
        long refundedAmount;
        boolean released;
        JsonNode lines = JSON.arrayNode();
        Instant createdAt;
        Instant expiresAt;
        final List<Movement> captures = new ArrayList<>();
        final List<Movement> refunds = new ArrayList<>();

        /** What can still be captured: nothing once released, cancelled, expired or closed. */
        long remaining() {
            boolean open = "AUTHORIZED".equals(status) || "PART_CAPTURED".equals(status);
            return open && !released ? Math.max(0, orderAmount - capturedAmount) : 0;
        }

        Order snapshot() {
            return new Order(id, merchant, status, fraudStatus, currency, orderAmount, originalOrderAmount,
                    capturedAmount, refundedAmount, remaining(), expiresAt, paymentMethodType, lines.deepCopy(),
                    List.copyOf(captures), List.copyOf(refunds));
        }
    }
}

package io.orderhook.testkit.klarna;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import io.orderhook.testkit.FaultSchedule;
import io.orderhook.testkit.SandboxServer;
import io.orderhook.testkit.klarna.KlarnaSandbox.Request;

/**
 * The Klarna sandbox's HTTP side: the route of a request, HTTP Basic authentication per merchant,
 * faults, idempotency keys and the one-call-per-order rule (see {@link KlarnaSandbox}), then the
 * {@link OrderBook}'s answer. Records every request and counts authenticated calls.
 */
final class KlarnaEndpoint implements HttpHandler {
    private static final int MAX_RECORDED = 10_000;
    private static final Pattern UUID_FORMAT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private record Recorded(String operation, String orderId, Request request) {}

    private final Map<String, String> passwords;
    private final OrderBook book;
    private final FaultSchedule<KlarnaFault> faults;
    private final IdempotencyKeys keys;
    private final Map<String, Integer> callCounts = new HashMap<>();
    private final List<Recorded> requests = new ArrayList<>();

    KlarnaEndpoint(Map<String, String> passwords, OrderBook book, FaultSchedule<KlarnaFault> faults,
            Supplier<Instant> clock) {
        this.passwords = passwords;
        this.book = book;
        this.faults = faults;
        this.keys = new IdempotencyKeys(clock, MAX_RECORDED);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            serve(exchange, SandboxServer.body(exchange));
        }
    }

    synchronized int calls(String key) {
        return callCounts.getOrDefault(key, 0);
    }

    synchronized List<Request> requests(String operation, String orderId) {
        return requests.stream().filter(r -> r.operation.equals(operation) && r.orderId.equals(orderId))
                .map(r -> r.request).toList();
    }

    private void serve(HttpExchange exchange, String body) throws IOException {
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String mountedAt = SandboxServer.mountPoint(exchange);
        String path = exchange.getRequestURI().getRawPath();
        if (!mountedAt.isEmpty() && path.startsWith(mountedAt)) {
            path = path.substring(mountedAt.length());
        }
        KlarnaRoute route = KlarnaRoute.of(method, path);
        Request request = new Request(method, path, copyHeaders(exchange), body);
        record(route, request);
        if (route == null) {
            send(exchange, KlarnaAnswer.error(404, "NOT_FOUND", "No resource " + method + " " + path));
            return;
        }
        Optional<String> merchant = authenticate(request);
        if (merchant.isEmpty()) {
            // Choice: Klarna's 401 body and code are unverified, so the sandbox answers none.
            send(exchange, new KlarnaAnswer(401, null, Map.of("WWW-Authenticate", "Basic realm=\"Klarna\"")));
            return;
        }
        KlarnaFault fault = count(route);
        String key = route.changes() ? request.header("Klarna-Idempotency-Key").orElse(null) : null;
        if (key != null && !UUID_FORMAT.matcher(key).matches()) {
            // Choice: Klarna asks for a UUID (v4 in one place, v5 in another); anything else is refused.
            send(exchange, KlarnaAnswer.error(400, "BAD_VALUE", "Bad value: Klarna-Idempotency-Key (not a UUID)"));
            return;
        }
        if (key != null) {
            Optional<IdempotencyKeys.StoredAnswer> replay = keys.replay(merchant.get(), key);
            if (replay.isPresent()) {
                // Choice: status and body as documented, not the first answer's headers.
                send(exchange, new KlarnaAnswer(replay.get().status(), replay.get().body(), Map.of()));
                return;
            }
        }
        if (fault instanceof KlarnaFault.HttpStatus http) {
            send(exchange, http.klarnaBody() ? KlarnaAnswer.fault(http.status()) : KlarnaAnswer.gatewayPage(http.status()));
            return;
        }
        if (route.changes() && !keys.claim(route.orderId())) {
            // Choice: the trigger of 409 is unverified; a call on an order whose previous call still runs is one.
            send(exchange, KlarnaAnswer.error(409, "CONFLICT", "The order is being modified by another request"));
            return;
        }
        KlarnaAnswer answer;
        try {
            if (fault instanceof KlarnaFault.Latency latency) {
                SandboxServer.hold(latency.delay());
            } else if (fault instanceof KlarnaFault.Timeout timeout) {
                SandboxServer.hold(timeout.hold());
                return; // closing without an answer drops the connection
            }
            answer = book.apply(merchant.get(), route, body, "http://" + hostOf(exchange) + mountedAt);
            if (key != null) {
                keys.remember(merchant.get(), key, answer);
            }
        } finally {
            if (route.changes()) {
                keys.release(route.orderId());
            }
        }
        if (fault instanceof KlarnaFault.LostResponse) {
            return; // applied; the connection is dropped before any answer
        }
        if (fault instanceof KlarnaFault.AppliedThenStatus then) {
            send(exchange, KlarnaAnswer.fault(then.status()));
            return;
        }
        send(exchange, answer);
    }

    private synchronized void record(KlarnaRoute route, Request request) {
        requests.add(new Recorded(route == null ? "unknown" : route.operation(), route == null ? "" : route.orderId(),
                request));
        if (requests.size() > MAX_RECORDED) {
            requests.remove(0); // local mode runs for hours: keep the newest
        }
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

    /** Counts an authenticated call; the fault scheduled for it, or null. */
    private KlarnaFault count(KlarnaRoute route) {
        synchronized (this) {
            callCounts.merge(route.operation(), 1, Integer::sum);
            callCounts.merge(route.operation() + "#" + route.orderId(), 1, Integer::sum);
        }
        return faults.next(route.operation());
    }

    private static void send(HttpExchange exchange, KlarnaAnswer answer) throws IOException {
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
}

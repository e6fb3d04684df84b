package io.orderhook.testkit.sage;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import io.orderhook.testkit.HttpSandbox;
import io.orderhook.testkit.SandboxServer;

/**
 * Sage Business Cloud Accounting's contacts API (v3.1) over real HTTP, as strict as its documents
 * make it: every call needs {@code Authorization: Bearer <access token>} of a token the sandbox
 * issued and has not expired (else 401), an {@code X-Business} the token does not own is refused
 * (403); {@code GET /contacts} lists summaries in Sage's envelope ({@code $total}, {@code $page},
 * {@code $next}, {@code $back}, {@code $itemsPerPage}, {@code $items} of {@code id},
 * {@code displayed_as}, {@code $path}) filtered by {@code contact_type_id} and {@code email};
 * {@code GET /contacts/{id}} gives the contact, with {@code balance} only when
 * {@code show_balance=true}; errors are a list of {@code {"$severity", "$dataCode", "$message",
 * "$source"}}. Only GETs of contacts are served. It can be taken down ({@link #down}) and given
 * faults per call. Thread-safe.
 */
public final class SageSandbox extends HttpSandbox<SageFault> {
    public static final String BUSINESS = "b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> CONTACT_TYPES = Set.of("CUSTOMER", "VENDOR");

    private final Map<String, Boolean> tokens = new ConcurrentHashMap<>();
    private final Map<String, SageContact> contacts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger(1);
    private volatile boolean down;

    /** A sandbox not yet listening: mount {@link #handler()} on a server of your own. */
    public SageSandbox() {}

    public static SageSandbox start() {
        return listen(new SageSandbox(), "Sage sandbox", new InetSocketAddress("127.0.0.1", 0), "");
    }

    /** The API base, e.g. {@code http://127.0.0.1:43121}; the API's paths follow it ({@code /contacts}). */
    public URI endpoint() {
        return URI.create(base());
    }

    @Override
    public HttpHandler handler() {
        return this::handle;
    }

    /** Issues an access token of the sandbox's business, as Sage's token endpoint would. */
    public SageSandbox token(String accessToken) {
        tokens.put(accessToken, true);
        return this;
    }

    /** The token's lifetime ended (Sage's access tokens live minutes): calls with it answer 401. */
    public void expire(String accessToken) {
        tokens.put(accessToken, false);
    }

    /** A customer contact; answers its id. */
    public String customer(String name, String reference, String email, String creditLimit, String balance, String currency) {
        String id = String.format(Locale.ROOT, "%032x", nextId.getAndIncrement());
        contacts.put(id, new SageContact(id, name, reference, email, creditLimit == null ? null : new BigDecimal(creditLimit),
                new BigDecimal(balance), currency, false));
        return id;
    }

    /** The customer's balance changes (an invoice posted, a payment received). */
    public void balance(String id, String balance) {
        contacts.computeIfPresent(id, (k, c) -> c.withBalance(new BigDecimal(balance)));
    }

    public void creditLimit(String id, String limit) {
        contacts.computeIfPresent(id, (k, c) -> c.withLimit(limit == null ? null : new BigDecimal(limit)));
    }

    /** Takes the whole service down (every call 503) or brings it back. */
    public void down(boolean isDown) {
        this.down = isDown;
    }

    /** Calls that reached the API with a valid token: {@code list_contacts}, {@code get_contact}. */
    public int calls(String operation) {
        AtomicInteger n = calls.get(operation);
        return n == null ? 0 : n.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (down) {
                error(exchange, 503, "ServiceUnavailable", "The service is temporarily unavailable");
                return;
            }
            String path = exchange.getRequestURI().getRawPath().substring(SandboxServer.mountPoint(exchange).length());
            if (!"GET".equals(exchange.getRequestMethod())) {
                error(exchange, 405, "MethodNotAllowed", "Only reading contacts is served here");
                return;
            }
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            String token = auth != null && auth.startsWith("Bearer ") ? auth.substring(7).trim() : null;
            if (token == null || !Boolean.TRUE.equals(tokens.get(token))) {
                error(exchange, 401, "AuthenticationFailed", token == null ? "Authorization header missing"
                        : "The access token is invalid or has expired");
                return;
            }
            String business = exchange.getRequestHeaders().getFirst("X-Business");
            if (business != null && !BUSINESS.equals(business)) {
                error(exchange, 403, "BusinessNotFound", "The business is not accessible with this token");
                return;
            }
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            if (path.equals("/contacts")) {
                count("list_contacts");
                if (fault(exchange, "list_contacts")) {
                    return;
                }
                list(exchange, query);
            } else if (path.startsWith("/contacts/") && path.indexOf('/', 10) < 0) {
                count("get_contact");
                if (fault(exchange, "get_contact")) {
                    return;
                }
                one(exchange, URLDecoder.decode(path.substring(10), StandardCharsets.UTF_8), query);
            } else {
                error(exchange, 404, "RecordNotFound", "No route matches " + path);
            }
        }
    }

    private boolean fault(HttpExchange exchange, String operation) throws IOException {
        SageFault fault = faults.next(operation);
        if (fault instanceof SageFault.Status s) {
            error(exchange, s.status(), s.status() == 429 ? "TooManyRequests" : "ServerError", "Injected fault");
            return true;
        }
        return false;
    }

    private void list(HttpExchange exchange, Map<String, String> query) throws IOException {
        String type = query.get("contact_type_id");
        if (type != null && !CONTACT_TYPES.contains(type)) {
            error(exchange, 422, "InvalidValue", "contact_type_id is not a contact type");
            return;
        }
        String email = query.get("email");
        List<SageContact> found = contacts.values().stream().filter(c -> !c.deleted())
                .filter(c -> email == null || email.equalsIgnoreCase(c.email())).sorted((a, b) -> a.id().compareTo(b.id()))
                .toList();
        ObjectNode out = JSON.createObjectNode();
        out.put("$total", found.size());
        out.put("$page", 1);
        out.putNull("$next");
        out.putNull("$back");
        out.put("$itemsPerPage", 20);
        ArrayNode items = out.putArray("$items");
        for (SageContact c : found) {
            items.addObject().put("id", c.id()).put("displayed_as", c.name() + " (" + c.reference() + ")")
                    .put("$path", "/contacts/" + c.id());
        }
        send(exchange, 200, out.toString());
    }

    private void one(HttpExchange exchange, String id, Map<String, String> query) throws IOException {
        SageContact c = contacts.get(id);
        if (c == null) {
            error(exchange, 404, "RecordNotFound", "The contact could not be found");
            return;
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("id", c.id());
        out.put("displayed_as", c.name() + " (" + c.reference() + ")");
        out.putArray("contact_types").addObject().put("id", "CUSTOMER").put("displayed_as", "Customer");
        out.put("name", c.name());
        out.put("reference", c.reference());
        out.put("email", c.email());
        if (c.creditLimit() == null) {
            out.putNull("credit_limit");
        } else {
            out.put("credit_limit", c.creditLimit());
        }
        out.put("credit_days", 30);
        out.putObject("currency").put("id", c.currency()).put("displayed_as", c.currency());
        if ("true".equals(query.get("show_balance"))) {
            out.put("balance", c.balance());
        }
        out.put("system", false);
        out.put("gdpr_obfuscated", false);
        send(exchange, 200, out.toString());
    }

    private void count(String operation) {
        calls.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            out.put(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        ArrayNode errors = JSON.createArrayNode();
        errors.addObject().put("$severity", "error").put("$dataCode", code).put("$message", message).put("$source", "");
        send(exchange, status, errors.toString());
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}

package io.orderhook.testkit.minfraud;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import io.orderhook.testkit.HttpSandbox;
import io.orderhook.testkit.SandboxServer;

/**
 * MaxMind minFraud's Score, Insights and Factors services over real HTTP, as the API
 * documentation describes them: {@code POST /minfraud/v2.0/{service}} with HTTP Basic
 * authentication (account id and licence key; {@code 401 ACCOUNT_ID_REQUIRED},
 * {@code LICENSE_KEY_REQUIRED}, {@code AUTHORIZATION_INVALID}), a JSON body of at most 20,000
 * bytes ({@code 403} without a body beyond it), {@code 415} for another content type or
 * {@code Accept}, {@code 400 JSON_INVALID} and {@code REQUEST_INVALID}, {@code 402
 * INSUFFICIENT_FUNDS} once the account's queries are used up, and the request schema with its
 * warnings ({@link MinFraudSchema}). Scores are what the test sets for an IP address (0.5
 * otherwise). minFraud's paths have no prefix of their own (the official client takes a host and
 * port only), so the sandbox listens at the root of a port or is mounted at {@code /minfraud/}.
 * Thread-safe.
 */
public final class MinFraudSandbox extends HttpSandbox<MinFraudFault> {
    static final int MAX_BODY = 20_000;
    private static final String PATH = "/minfraud/v2.0/";
    private static final String ERROR_TYPE = "application/vnd.maxmind.com-error+json; charset=UTF-8; version=2.0";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double DEFAULT_SCORE = 0.5;

    /** One scored request as it arrived: the service and the body, for tests of what was sent. */
    public record Request(String service, String accountId, JsonNode body) {}

    private final Map<String, String> licenceKeys = new ConcurrentHashMap<>();
    private final Map<String, Double> ipScores = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile long queriesRemaining = 10_000;

    /** A sandbox not yet listening: mount {@link #handler()} at {@code /minfraud/} of a server of your own. */
    public MinFraudSandbox() {}

    /** A sandbox listening on 127.0.0.1 on a free port. */
    public static MinFraudSandbox start() {
        return start(new InetSocketAddress("127.0.0.1", 0));
    }

    public static MinFraudSandbox start(InetSocketAddress address) {
        return listen(new MinFraudSandbox(), "minFraud sandbox", address, "");
    }

    /** {@code http://127.0.0.1:PORT}: the client's host and port (HTTPS off). */
    public URI endpoint() {
        return URI.create(base());
    }

    /** Registers an account and its licence key. */
    public MinFraudSandbox account(String accountId, String licenceKey) {
        licenceKeys.put(accountId, licenceKey);
        return this;
    }

    /** The risk score (0.01 to 99) of requests from this IP address; its IP risk is the same. */
    public MinFraudSandbox scoreIp(String ip, double riskScore) {
        ipScores.put(ip, riskScore);
        return this;
    }

    /** How many queries the account has left; at 0 every query is {@code 402 INSUFFICIENT_FUNDS}. */
    public void queriesRemaining(long queries) {
        queriesRemaining = queries;
    }

    /** Every request scored or refused after authentication, oldest first. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public HttpHandler handler() {
        return this::handle;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            // minFraud's paths are at the root of its host: mounted at /minfraud/ or alone, the full path counts.
            String path = exchange.getRequestURI().getPath();
            String service = path.startsWith(PATH) ? path.substring(PATH.length()) : "";
            if (!List.of("score", "insights", "factors").contains(service) || !"POST".equals(exchange.getRequestMethod())) {
                SandboxServer.send(exchange, 404, "text/plain", new byte[0]);
                return;
            }
            String account = authenticate(exchange);
            if (account == null) {
                return;
            }
            if (!json(exchange.getRequestHeaders().getFirst("Content-Type"))
                    || !accepted(exchange.getRequestHeaders().getFirst("Accept"))) {
                SandboxServer.send(exchange, 415, "text/plain", new byte[0]);
                return;
            }
            byte[] raw = exchange.getRequestBody().readAllBytes();
            if (raw.length > MAX_BODY) {
                SandboxServer.send(exchange, 403, "text/plain", new byte[0]);
                return;
            }
            MinFraudFault fault = faults.next(service);
            if (fault != null) {
                SandboxServer.send(exchange, fault instanceof MinFraudFault.ServerError e ? e.status() : 429, "text/plain",
                        new byte[0]);
                return;
            }
            JsonNode body;
            try {
                body = JSON.readTree(new String(raw, StandardCharsets.UTF_8));
            } catch (IOException e) {
                error(exchange, 400, "JSON_INVALID", "Invalid JSON in request body.");
                return;
            }
            if (body == null || !body.isObject()) {
                error(exchange, 400, "JSON_INVALID", "The request body is not a JSON object.");
                return;
            }
            requests.add(new Request(service, account, body));
            if (queriesRemaining <= 0) {
                error(exchange, 402, "INSUFFICIENT_FUNDS", "The license key you have provided is out of funds.");
                return;
            }
            List<MinFraudSchema.Warning> warnings = MinFraudSchema.check(body);
            if (warnings == null) {
                error(exchange, 400, "REQUEST_INVALID", "The request contains no valid input.");
                return;
            }
            queriesRemaining--;
            answer(exchange, service, body, warnings);
        }
    }

    /** @return the account, or null once the 401 is sent */
    private String authenticate(HttpExchange exchange) throws IOException {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.startsWith("Basic ")) {
            error(exchange, 401, "ACCOUNT_ID_REQUIRED", "You have not supplied a MaxMind account ID in the Authorization header.");
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            error(exchange, 401, "AUTHORIZATION_INVALID", "The Authorization header is not valid Basic authentication.");
            return null;
        }
        int colon = decoded.indexOf(':');
        String account = colon < 0 ? decoded : decoded.substring(0, colon);
        String key = colon < 0 ? "" : decoded.substring(colon + 1);
        if (account.isEmpty()) {
            error(exchange, 401, "ACCOUNT_ID_REQUIRED", "You have not supplied a MaxMind account ID in the Authorization header.");
            return null;
        }
        if (key.isEmpty()) {
            error(exchange, 401, "LICENSE_KEY_REQUIRED", "You have not supplied a MaxMind license key in the Authorization header.");
            return null;
        }
        if (!key.equals(licenceKeys.get(account))) {
            error(exchange, 401, "AUTHORIZATION_INVALID", "The account ID and license key you have provided are not valid.");
            return null;
        }
        return account;
    }

    private void answer(HttpExchange exchange, String service, JsonNode body, List<MinFraudSchema.Warning> warnings)
            throws IOException {
        String ip = body.path("device").path("ip_address").asText("");
        double score = ipScores.getOrDefault(ip, DEFAULT_SCORE);
        ObjectNode answer = JSON.createObjectNode();
        answer.put("id", UUID.randomUUID().toString());
        answer.put("risk_score", score);
        answer.put("funds_remaining", queriesRemaining * 0.005);
        answer.put("queries_remaining", queriesRemaining);
        if (!ip.isEmpty()) {
            answer.putObject("ip_address").put("risk", score);
        }
        if (service.equals("factors")) {
            ObjectNode subscores = answer.putObject("subscores");
            subscores.put("ip_tenure", score);
            subscores.put("order_amount", Math.min(99, score / 2));
            subscores.put("email_domain", 1.0);
        }
        if (!warnings.isEmpty()) {
            var list = answer.putArray("warnings");
            warnings.forEach(w -> list.addObject().put("code", w.code()).put("warning", w.text()).put("input_pointer", w.pointer()));
        }
        SandboxServer.send(exchange, 200, "application/vnd.maxmind.com-minfraud-" + service
                + "+json; charset=UTF-8; version=2.0", JSON.writeValueAsBytes(answer));
    }

    private static void error(HttpExchange exchange, int status, String code, String text) throws IOException {
        SandboxServer.send(exchange, status, ERROR_TYPE,
                JSON.writeValueAsBytes(Map.of("code", code, "error", text)));
    }

    private static boolean json(String contentType) {
        return contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json");
    }

    /** {@code Accept} is optional; when sent it must admit JSON or minFraud's own types. */
    private static boolean accepted(String accept) {
        return accept == null || accept.contains("application/json") || accept.contains("application/vnd.maxmind.com")
                || accept.contains("*/*");
    }
}

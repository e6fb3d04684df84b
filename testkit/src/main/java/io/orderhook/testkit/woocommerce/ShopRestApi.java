package io.orderhook.testkit.woocommerce;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsExchange;

/**
 * The shop's REST API v3 over HTTP or HTTPS: WooCommerce's authentication
 * ({@link RestAuthentication}), routing, WordPress error bodies and the outage controls. Mountable
 * under any context path ({@code /} or {@code /sandbox/woocommerce}). {@code GET /wp-json/} is
 * WordPress's index, answered without credentials.
 */
final class ShopRestApi implements HttpHandler {
    static final String REST_PREFIX = "/wp-json/wc/v3";
    private static final Pattern ORDER = Pattern.compile("/orders/(\\d+)");
    private static final Pattern ORDER_NOTES = Pattern.compile("/orders/(\\d+)/notes");
    private static final Pattern ORDER_NOTE = Pattern.compile("/orders/(\\d+)/notes/(\\d+)");
    private static final Pattern ORDER_REFUNDS = Pattern.compile("/orders/(\\d+)/refunds");
    private static final Pattern ORDER_REFUND = Pattern.compile("/orders/(\\d+)/refunds/(\\d+)");

    enum KeyPermissions { READ, WRITE, READ_WRITE }

    record Answer(int status, JsonNode body, Map<String, String> headers) {
        Answer(int status, JsonNode body) {
            this(status, body, Map.of());
        }
    }

    private final SimulatedShop shop;
    private final Clock clock;
    private final RestAuthentication authentication;
    private final WebhooksRestApi webhooks;
    private volatile URI siteUrl = URI.create("http://localhost");
    private volatile boolean stripsAuthorizationHeader;
    private final List<RestCall> calls = new ArrayList<>();
    private final Object faultLock = new Object();
    private boolean available = true;
    private int failNext;
    private int failStatus = 500;
    private int loseNext;
    private Duration latency = Duration.ZERO;

    ShopRestApi(SimulatedShop shop, Clock clock, RestAuthentication authentication, WebhooksRestApi webhooks) {
        this.shop = shop;
        this.clock = clock;
        this.authentication = authentication;
        this.webhooks = webhooks;
    }

    /** The site's home URL: what OAuth signatures are checked against and what the index reports. */
    void setSiteUrl(URI siteUrl) {
        this.siteUrl = siteUrl;
    }

    /** A web server that drops the Authorization header before PHP sees it (some CGI/FastCGI setups). */
    void setStripsAuthorizationHeader(boolean strips) {
        this.stripsAuthorizationHeader = strips;
    }

    void setAvailable(boolean available) {
        synchronized (faultLock) {
            this.available = available;
        }
    }

    void failNext(int calls, int status) {
        synchronized (faultLock) {
            failNext = calls;
            failStatus = status;
        }
    }

    void loseNext(int calls) {
        synchronized (faultLock) {
            loseNext = calls;
        }
    }

    void setLatency(Duration latency) {
        synchronized (faultLock) {
            this.latency = latency;
        }
    }

    List<RestCall> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    void clearCalls() {
        synchronized (calls) {
            calls.clear();
        }
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = pathBelowContext(exchange);
        String restPath = path.startsWith(REST_PREFIX) ? path.substring(REST_PREFIX.length()) : path;
        if (restPath.length() > 1 && restPath.endsWith("/")) {
            restPath = restPath.substring(0, restPath.length() - 1);
        }
        int status = 0;
        boolean recorded = false;
        try (exchange) {
            byte[] requestBody = readAll(exchange.getRequestBody());
            Duration wait;
            boolean up;
            int fail = 0;
            boolean lose = false;
            synchronized (faultLock) {
                wait = latency;
                up = available;
                if (up && failNext > 0) {
                    failNext--;
                    fail = failStatus;
                }
            }
            if (!wait.isZero()) {
                sleep(wait);
            }
            if (!up) {
                status = 503;
                sendText(exchange, 503, "text/html; charset=UTF-8",
                        "<html><head><title>503 Service Unavailable</title></head><body><h1>Service Unavailable</h1>"
                                + "<p>The server is temporarily unable to service your request.</p></body></html>");
                return;
            }
            if (fail != 0) {
                status = fail;
                RestError error = fail == 500
                        ? new RestError(500, "internal_server_error", "There has been a critical error on this website.")
                        : new RestError(fail, "http_" + fail, "Simulated failure " + fail + ".");
                sendJson(exchange, new Answer(fail, error.body()));
                return;
            }
            Answer answer;
            if (method.equals("GET") && (path.equals("/wp-json") || path.equals("/wp-json/"))) {
                answer = new Answer(200, index());
            } else if (!path.startsWith(REST_PREFIX)) {
                answer = error(new RestError(404, "rest_no_route", "No route was found matching the URL and request method."));
            } else {
                try {
                    answer = authorizedRoute(exchange, method, restPath, requestBody);
                } catch (RestError e) {
                    answer = error(e);
                }
            }
            synchronized (faultLock) {
                if (loseNext > 0) {
                    loseNext--;
                    lose = true;
                }
            }
            if (lose) {
                // The change is applied but the answer is lost: promise a body, then hang up. An
                // exception out of a handler makes com.sun.net.httpserver close the connection.
                exchange.sendResponseHeaders(200, 1024);
                throw new IOException("simulated lost answer: connection dropped after the headers");
            }
            status = answer.status();
            // Counted before the answer leaves, so a client that got it also sees it counted.
            recordCall(method, restPath, status);
            recorded = true;
            sendJson(exchange, answer);
        } finally {
            if (!recorded) {
                recordCall(method, restPath, status);
            }
        }
    }

    private void recordCall(String method, String restPath, int status) {
        synchronized (calls) {
            calls.add(new RestCall(method, restPath, status, clock.instant()));
        }
    }

    /**
     * WordPress's order: authentication errors first (rest_authentication_errors), then the key's
     * read/write permission (rest_pre_dispatch), then the route, whose permission check refuses
     * an anonymous caller.
     */
    private Answer authorizedRoute(HttpExchange exchange, String method, String restPath, byte[] body) {
        Map<String, String> query = query(exchange);
        String authorization = stripsAuthorizationHeader ? null : exchange.getRequestHeaders().getFirst("Authorization");
        RestAuthentication.Request request = new RestAuthentication.Request(method, exchange instanceof HttpsExchange,
                exchange.getRequestURI().getRawPath(), query, formBody(exchange, body), authorization);
        RestAuthentication.ApiKey caller = authentication.authenticate(request, siteUrl);
        if (caller == null) {
            throw anonymous(method, restPath);
        }
        RestAuthentication.checkPermissions(caller, method);
        return route(method, restPath, query, body);
    }

    private Answer route(String method, String path, Map<String, String> query, byte[] body) {
        Matcher m;
        if (WebhooksRestApi.handles(path)) {
            return webhooks.route(method, path, query, json(body));
        }
        if (path.equals("/orders")) {
            return switch (method) {
                case "GET" -> {
                    SimulatedShop.Page page = shop.listOrders(query);
                    yield new Answer(200, page.items(), Map.of("X-WP-Total", Integer.toString(page.total()),
                            "X-WP-TotalPages", Integer.toString(page.totalPages())));
                }
                case "POST" -> new Answer(201, shop.createOrder(json(body), "rest-api"));
                default -> throw noRoute();
            };
        }
        if ((m = ORDER.matcher(path)).matches()) {
            long orderId = Long.parseLong(m.group(1));
            return switch (method) {
                case "GET" -> new Answer(200, shop.getOrder(orderId));
                case "PUT", "POST", "PATCH" -> new Answer(200, shop.updateOrder(orderId, json(body)));
                case "DELETE" -> new Answer(200, shop.deleteOrder(orderId, "true".equals(query.get("force"))));
                default -> throw noRoute();
            };
        }
        if ((m = ORDER_NOTES.matcher(path)).matches()) {
            long orderId = Long.parseLong(m.group(1));
            return switch (method) {
                case "GET" -> new Answer(200, shop.listNotes(orderId, query.getOrDefault("type", "any")));
                case "POST" -> new Answer(201, shop.createNote(orderId, json(body), OrderNote.Origin.REST_API, null));
                default -> throw noRoute();
            };
        }
        if ((m = ORDER_NOTE.matcher(path)).matches()) {
            long orderId = Long.parseLong(m.group(1));
            long noteId = Long.parseLong(m.group(2));
            return switch (method) {
                case "GET" -> new Answer(200, shop.getNote(orderId, noteId));
                case "DELETE" -> new Answer(200, shop.deleteNote(orderId, noteId, "true".equals(query.get("force"))));
                default -> throw noRoute();
            };
        }
        if ((m = ORDER_REFUNDS.matcher(path)).matches()) {
            long orderId = Long.parseLong(m.group(1));
            return switch (method) {
                case "GET" -> new Answer(200, shop.listRefunds(orderId));
                case "POST" -> new Answer(201, shop.createRefund(orderId, json(body)));
                default -> throw noRoute();
            };
        }
        if ((m = ORDER_REFUND.matcher(path)).matches()) {
            long orderId = Long.parseLong(m.group(1));
            long refundId = Long.parseLong(m.group(2));
            return switch (method) {
                case "GET" -> new Answer(200, shop.getRefund(orderId, refundId));
                case "DELETE" -> new Answer(200, shop.deleteRefund(orderId, refundId, "true".equals(query.get("force"))));
                default -> throw noRoute();
            };
        }
        throw noRoute();
    }

    /**
     * The endpoint's permission check for a caller WordPress knows nothing about (no credentials,
     * or Basic auth over plain http, which WooCommerce does not read): rest_authorization_required_code() is 401.
     */
    private static RestError anonymous(String method, String path) {
        return switch (method) {
            case "POST" -> new RestError(401, "woocommerce_rest_cannot_create", "Sorry, you are not allowed to create resources.");
            case "PUT", "PATCH" -> new RestError(401, "woocommerce_rest_cannot_edit", "Sorry, you are not allowed to edit this resource.");
            case "DELETE" -> new RestError(401, "woocommerce_rest_cannot_delete", "Sorry, you are not allowed to delete this resource.");
            default -> path.matches(".*/\\d+") ? new RestError(401, "woocommerce_rest_cannot_view", "Sorry, you cannot view this resource.")
                    : new RestError(401, "woocommerce_rest_cannot_view", "Sorry, you cannot list resources.");
        };
    }

    /** {@code GET /wp-json/}: the parts of WordPress's index a client needs (the home URL OAuth signs with). */
    private JsonNode index() {
        ObjectNode index = PhpJson.MAPPER.createObjectNode();
        index.put("name", "WooCommerce shop simulator");
        index.put("description", "");
        index.put("url", siteUrl.toString());
        index.put("home", siteUrl.toString());
        index.put("gmt_offset", "0");
        index.put("timezone_string", "");
        index.putArray("namespaces").add("wp/v2").add("wc/v1").add("wc/v2").add("wc/v3");
        index.putObject("authentication");
        return index;
    }

    /** {@code $_POST}: only a form-encoded body fills it; JSON bodies do not. */
    private static Map<String, String> formBody(HttpExchange exchange, byte[] body) {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            return Map.of();
        }
        return parsePairs(new String(body, StandardCharsets.UTF_8));
    }

    private static JsonNode json(byte[] body) {
        if (body.length == 0) {
            return PhpJson.MAPPER.createObjectNode();
        }
        try {
            JsonNode node = PhpJson.MAPPER.readTree(body);
            if (node == null || !node.isObject()) {
                throw new RestError(400, "rest_invalid_json", "Invalid JSON body passed.");
            }
            return node;
        } catch (IOException e) {
            ObjectNode data = PhpJson.MAPPER.createObjectNode();
            data.put("json_error_code", 4);
            data.put("json_error_message", "Syntax error");
            throw new RestError(400, "rest_invalid_json", "Invalid JSON body passed.", data);
        }
    }

    private static RestError noRoute() {
        return new RestError(404, "rest_no_route", "No route was found matching the URL and request method.");
    }

    private static Answer error(RestError e) {
        return new Answer(e.status, e.body());
    }

    private static String pathBelowContext(HttpExchange exchange) {
        String path = exchange.getRequestURI().getRawPath();
        String context = exchange.getHttpContext().getPath();
        if (context.endsWith("/")) {
            context = context.substring(0, context.length() - 1);
        }
        return path.startsWith(context) ? path.substring(context.length()) : path;
    }

    /** {@code $_GET}: the query string decoded as PHP does ({@code +} is a space; the last of a repeated name wins). */
    private static Map<String, String> query(HttpExchange exchange) {
        String raw = exchange.getRequestURI().getRawQuery();
        return raw == null ? new LinkedHashMap<>() : parsePairs(raw);
    }

    private static Map<String, String> parsePairs(String raw) {
        Map<String, String> pairs = new LinkedHashMap<>();
        if (raw.isEmpty()) {
            return pairs;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = WooOAuth.urldecode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : WooOAuth.urldecode(pair.substring(eq + 1));
            pairs.put(name, value);
        }
        return pairs;
    }

    private static void sendJson(HttpExchange exchange, Answer answer) throws IOException {
        answer.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        sendBytes(exchange, answer.status(), "application/json; charset=UTF-8", PhpJson.encode(answer.body()));
    }

    private static void sendText(HttpExchange exchange, int status, String type, String text) throws IOException {
        sendBytes(exchange, status, type, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void sendBytes(HttpExchange exchange, int status, String type, byte[] bytes) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

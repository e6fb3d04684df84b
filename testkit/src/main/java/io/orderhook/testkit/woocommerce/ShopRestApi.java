package io.orderhook.testkit.woocommerce;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsExchange;

import io.orderhook.testkit.SandboxServer;

/**
 * The shop's REST API v3 over HTTP or HTTPS: WooCommerce's authentication
 * ({@link RestAuthentication}), routing, WordPress error bodies and the outage controls. Mountable
 * under any context path ({@code /} or {@code /sandbox/woocommerce}). {@code GET /wp-json/} is
 * WordPress's index, answered without credentials.
 */
final class ShopRestApi implements HttpHandler {
    static final String REST_PREFIX = "/wp-json/wc/v3";

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
    private final OrdersRestApi orders;
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
        this.orders = new OrdersRestApi(shop);
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
        String path = PhpRequest.pathBelowContext(exchange);
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
                SandboxServer.hold(wait);
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
        Map<String, String> query = PhpRequest.query(exchange);
        String authorization = stripsAuthorizationHeader ? null : exchange.getRequestHeaders().getFirst("Authorization");
        RestAuthentication.Request request = new RestAuthentication.Request(method, exchange instanceof HttpsExchange,
                exchange.getRequestURI().getRawPath(), query, PhpRequest.formBody(exchange, body), authorization);
        RestAuthentication.ApiKey caller = authentication.authenticate(request, siteUrl);
        if (caller == null) {
            throw anonymous(method, restPath);
        }
        RestAuthentication.checkPermissions(caller, method);
        if (WebhooksRestApi.handles(restPath)) {
            return webhooks.route(method, restPath, query, PhpRequest.json(body));
        }
        return orders.route(method, restPath, query, PhpRequest.json(body));
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

    private static Answer error(RestError e) {
        return new Answer(e.status, e.body());
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
}

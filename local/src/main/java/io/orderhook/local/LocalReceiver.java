package io.orderhook.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.orderhook.receiver.WebhookReceiverHandler;

/**
 * Serves {@code POST /webhooks/woocommerce/{shopId}} on a local port through the real Lambda
 * handler, turning each HTTP request into the API Gateway v2 event AWS would pass.
 */
public final class LocalReceiver implements AutoCloseable {
    static final String PATH = "/webhooks/woocommerce/";

    private final HttpServer server;
    private final ExecutorService threads;

    private LocalReceiver(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    public static LocalReceiver start(String host, int port, WebhookReceiverHandler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 64);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        server.setExecutor(threads);
        server.createContext(PATH, exchange -> {
            try (exchange) {
                if (!exchange.getRequestMethod().equals("POST")) {
                    send(exchange, 405, "{\"status\":\"error\",\"reason\":\"only POST is served here\"}");
                    return;
                }
                APIGatewayV2HTTPResponse response = handler.handleRequest(event(exchange), null);
                send(exchange, response.getStatusCode(), response.getBody());
            } catch (RuntimeException e) {
                send(exchange, 500, "{\"status\":\"error\",\"reason\":\"" + e.getClass().getSimpleName() + "\"}");
            }
        });
        server.start();
        return new LocalReceiver(server, threads);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    static APIGatewayV2HTTPEvent event(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Map<String, String> headers = new HashMap<>();
        // API Gateway v2 lower-cases header names and joins repeated ones with commas.
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        String path = exchange.getRequestURI().getPath();
        String shopId = path.substring(PATH.length());
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setVersion("2.0");
        event.setRouteKey("POST /webhooks/woocommerce/{shopId}");
        event.setRawPath(path);
        event.setPathParameters(Map.of("shopId", shopId));
        event.setHeaders(headers);
        // Base64 keeps the bytes exact whatever they are; the signature is over those bytes.
        event.setBody(Base64.getEncoder().encodeToString(body));
        event.setIsBase64Encoded(true);
        return event;
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().put("content-type", List.of("application/json"));
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}

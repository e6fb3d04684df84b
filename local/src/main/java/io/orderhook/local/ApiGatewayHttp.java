package io.orderhook.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * Serves a Lambda handler of an HTTP API route on local mode's server: each request becomes the
 * API Gateway payload 2.0 event AWS would pass (lower-case headers, Base64 body, route key, path
 * parameters, request context), and the handler's response becomes the HTTP answer.
 */
final class ApiGatewayHttp implements HttpHandler {
    private final String routeKey;
    private final String pathTemplate;
    private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler;
    private final boolean loopbackOnly;

    /**
     * @param routeKey     the template's route, e.g. {@code POST /webhooks/woocommerce/{shopId}}, or a path
     *                     template without a method for a handler of several routes
     * @param loopbackOnly answer 403 to anyone not on this machine (routes that an authoriser guards in AWS: IAM or the console's Cognito users)
     */
    ApiGatewayHttp(String routeKey, RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler,
            boolean loopbackOnly) {
        this.routeKey = routeKey;
        int space = routeKey.indexOf(' ');
        this.pathTemplate = space < 0 ? routeKey : routeKey.substring(space + 1);
        this.handler = handler;
        this.loopbackOnly = loopbackOnly;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (loopbackOnly && !exchange.getRemoteAddress().getAddress().isLoopbackAddress()) {
                send(exchange, 403, "{\"status\":\"forbidden\",\"reason\":\"local mode serves the admin routes and the "
                        + "console to this machine only (in AWS they need IAM or a console sign-in)\"}");
                return;
            }
            int space = routeKey.indexOf(' ');
            String routeMethod = space > 0 ? routeKey.substring(0, space) : "ANY";
            if (!routeMethod.equals("ANY") && !exchange.getRequestMethod().equals(routeMethod)) {
                send(exchange, 405, "{\"status\":\"error\",\"reason\":\"only " + routeMethod
                        + " is served here\"}");
                return;
            }
            APIGatewayV2HTTPResponse response;
            try {
                response = handler.handleRequest(event(exchange), null);
            } catch (RuntimeException e) {
                // In AWS an unhandled error is API Gateway's 500 "Internal Server Error"; say what it was here.
                System.err.println("orderhook local: " + routeKey + " failed: " + e);
                send(exchange, 500, "{\"status\":\"error\",\"reason\":\"" + e.getClass().getSimpleName() + "\"}");
                return;
            }
            String body = response.getBody();
            if (body != null && response.getIsBase64Encoded()) {
                body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
            }
            send(exchange, response.getStatusCode(), response.getHeaders(), body);
        }
    }

    APIGatewayV2HTTPEvent event(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Map<String, String> headers = new HashMap<>();
        // API Gateway v2 lower-cases header names and joins repeated ones with commas.
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        String path = exchange.getRequestURI().getRawPath();
        String method = exchange.getRequestMethod();
        APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod(method);
        http.setPath(path);
        http.setProtocol(exchange.getProtocol());
        http.setSourceIp(exchange.getRemoteAddress().getAddress().getHostAddress());
        http.setUserAgent(headers.get("user-agent"));
        APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
        context.setHttp(http);
        context.setRequestId(UUID.randomUUID().toString());
        context.setStage("$default");
        context.setRouteKey(routeKey(method));
        context.setTimeEpoch(Instant.now().toEpochMilli());
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setVersion("2.0");
        event.setRouteKey(routeKey(method));
        event.setRawPath(path);
        event.setRawQueryString(exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery());
        event.setPathParameters(pathParameters(pathTemplate, path));
        event.setHeaders(headers);
        event.setRequestContext(context);
        // Base64 keeps the bytes exact whatever they are; the webhook signature is over those bytes.
        event.setBody(Base64.getEncoder().encodeToString(body));
        event.setIsBase64Encoded(true);
        return event;
    }

    private String routeKey(String method) {
        return routeKey.indexOf(' ') > 0 ? routeKey : method + " " + routeKey;
    }

    /** "/webhooks/woocommerce/{shopId}" against "/webhooks/woocommerce/demo" -> {shopId=demo}. */
    static Map<String, String> pathParameters(String template, String path) {
        Map<String, String> parameters = new HashMap<>();
        String[] names = template.split("/");
        String[] values = path.split("/", -1);
        for (int i = 0; i < names.length && i < values.length; i++) {
            if (names[i].startsWith("{") && names[i].endsWith("}")) {
                String name = names[i].substring(1, names[i].length() - 1);
                // A greedy {name+} takes the rest of the path.
                parameters.put(name.replace("+", ""), name.endsWith("+")
                        ? String.join("/", List.of(values).subList(i, values.length)) : values[i]);
            }
        }
        return parameters;
    }

    static void send(HttpExchange exchange, int status, String body) throws IOException {
        send(exchange, status, null, body);
    }

    /** With the function's own headers (the console's files have their content type and policy); JSON when it gives none. */
    static void send(HttpExchange exchange, int status, Map<String, String> headers, String body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().put("content-type", List.of("application/json"));
        if (headers != null) {
            headers.forEach((name, value) -> exchange.getResponseHeaders().put(name, List.of(value)));
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}

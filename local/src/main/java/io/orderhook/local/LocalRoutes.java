package io.orderhook.local;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * The HTTP API of template.yaml, routed as API Gateway routes it: a request reaches a function
 * only when its method and path match one of the template's {@code HttpApi} events
 * ({@code {name}} is one path segment, {@code {name+}} the rest of the path); anything else is
 * API Gateway's {@code 404 {"message":"Not Found"}}. Routes with the {@code AWS_IAM}
 * authoriser, and the console's routes with the Cognito one, answer only this machine, since
 * local mode has no SigV4 and no user pool. A greedy {@code {name+}} also takes an empty rest after
 * a trailing slash, so {@code /console/} reaches {@code /console/{file+}}; API Gateway takes no route
 * ending in "/", and a greedy route is how a path with the slash is caught there.
 */
final class LocalRoutes implements HttpHandler {
    static final String NOT_FOUND = "{\"message\":\"Not Found\"}";

    private record Route(String method, String[] segments, ApiGatewayHttp target) {
        boolean matches(String requestMethod, String[] path) {
            if (!method.equals("ANY") && !method.equals(requestMethod)) {
                return false;
            }
            for (int i = 0; i < segments.length; i++) {
                String segment = segments[i];
                if (segment.startsWith("{") && segment.endsWith("+}")) {
                    return path.length > i && (!path[i].isEmpty() || path.length == i + 1);
                }
                if (i >= path.length) {
                    return false;
                }
                boolean parameter = segment.startsWith("{") && segment.endsWith("}");
                if (parameter ? path[i].isEmpty() : !segment.equals(path[i])) {
                    return false;
                }
            }
            return path.length == segments.length;
        }
    }

    private final List<Route> routes = new ArrayList<>();

    /**
     * @param functions the handler of each function the template routes to, by logical id
     * @throws IllegalStateException when the template routes to a function local mode does not run
     */
    LocalRoutes(SamTemplate template, Map<String, RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> functions) {
        for (SamTemplate.Function function : template.functions().values()) {
            for (SamTemplate.EventSource event : function.events()) {
                if (!event.type().equals("HttpApi")) {
                    continue;
                }
                RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler = functions.get(function.logicalId());
                if (handler == null) {
                    throw new IllegalStateException("template.yaml routes " + event.routeKey() + " to " + function.logicalId()
                            + ", which local mode does not run");
                }
                // IAM (the CLI) and the console's Cognito authoriser both become "this machine only".
                boolean iam = !event.properties().at("/Auth/Authorizer").asText("").isEmpty();
                String routeKey = event.routeKey();
                String method = routeKey.substring(0, routeKey.indexOf(' ')).toUpperCase(Locale.ROOT);
                String path = routeKey.substring(routeKey.indexOf(' ') + 1);
                routes.add(new Route(method, path.split("/", -1), new ApiGatewayHttp(routeKey, handler, iam)));
            }
        }
    }

    /** "POST /webhooks/woocommerce/{shopId}", ... in the template's order. */
    List<String> routeKeys() {
        return routes.stream().map(r -> r.method() + " " + String.join("/", r.segments())).toList();
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String[] path = exchange.getRequestURI().getRawPath().split("/", -1);
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        for (Route route : routes) {
            if (route.matches(method, path)) {
                route.target().handle(exchange);
                return;
            }
        }
        try (exchange) {
            ApiGatewayHttp.send(exchange, 404, NOT_FOUND);
        }
    }
}

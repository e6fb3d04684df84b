package io.orderhook.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

/**
 * Builds the event an API Gateway HTTP API (payload format 2.0) hands a Lambda function, for
 * tests that call a handler directly. Only what is set is filled in, so a test can also build
 * the sparse or odd events API Gateway never sends.
 */
public final class HttpApiEvent {
    private final APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
    private Map<String, String> pathParameters;

    private HttpApiEvent() {}

    /** An empty event: nothing set. */
    public static HttpApiEvent builder() {
        return new HttpApiEvent();
    }

    /**
     * A request as API Gateway passes it: version 2.0, the method and path in the request
     * context, the path as the raw path, and {@code routeKey} as the matched route.
     */
    public static HttpApiEvent request(String method, String path, String routeKey) {
        APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod(method);
        http.setPath(path);
        APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
        context.setHttp(http);
        HttpApiEvent b = new HttpApiEvent().routeKey(routeKey).rawPath(path);
        b.event.setVersion("2.0");
        b.event.setRequestContext(context);
        return b;
    }

    public HttpApiEvent routeKey(String routeKey) {
        event.setRouteKey(routeKey);
        return this;
    }

    public HttpApiEvent rawPath(String rawPath) {
        event.setRawPath(rawPath);
        return this;
    }

    public HttpApiEvent pathParameter(String name, String value) {
        if (pathParameters == null) {
            pathParameters = new LinkedHashMap<>();
        }
        pathParameters.put(name, value);
        event.setPathParameters(Map.copyOf(pathParameters));
        return this;
    }

    public HttpApiEvent headers(Map<String, String> headers) {
        event.setHeaders(headers);
        return this;
    }

    /** The API's domain name in the request context (set after {@link #request}). */
    public HttpApiEvent domainName(String domainName) {
        if (event.getRequestContext() == null) {
            event.setRequestContext(new APIGatewayV2HTTPEvent.RequestContext());
        }
        event.getRequestContext().setDomainName(domainName);
        return this;
    }

    /** The body as text, not Base64-encoded. */
    public HttpApiEvent body(String text) {
        event.setBody(text);
        event.setIsBase64Encoded(false);
        return this;
    }

    /** The body Base64-encoded, as API Gateway sends bytes that are not text (and local mode sends everything). */
    public HttpApiEvent base64Body(byte[] bytes) {
        event.setBody(Base64.getEncoder().encodeToString(bytes));
        event.setIsBase64Encoded(true);
        return this;
    }

    public HttpApiEvent base64Body(String text) {
        return base64Body(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Base64 or not, as a test chooses. */
    public HttpApiEvent body(String text, boolean base64) {
        return base64 ? base64Body(text) : body(text);
    }

    public APIGatewayV2HTTPEvent build() {
        return event;
    }
}

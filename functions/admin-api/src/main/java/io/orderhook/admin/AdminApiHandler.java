package io.orderhook.admin;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import io.orderhook.wiring.Wiring;

/**
 * The admin routes ({@code /admin/shops/{shopId}/...}, IAM-authorised in template.yaml): an
 * order's state, notes and debug log, the shop's settings, quarantined deliveries, and connecting
 * a shop (REST key, webhooks). All
 * decisions are in {@link AdminApi}.
 */
public final class AdminApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final AdminApi api;

    /** For the Lambda runtime: clients are built once per container. */
    public AdminApiHandler() {
        this(new AdminApi(Wiring.fromEnvironment()));
    }

    /** For local mode and tests, with their own stores. */
    public AdminApiHandler(AdminApi api) {
        this.api = api;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        AdminApi.Answer answer = api.handle(event.getRequestContext() != null && event.getRequestContext().getHttp() != null
                        ? event.getRequestContext().getHttp().getMethod() : methodOf(event.getRouteKey()),
                event.getRawPath(), AdminApi.bodyText(event.getBody(), event.getIsBase64Encoded()),
                event.getRequestContext() == null ? null : event.getRequestContext().getDomainName());
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(answer.status())
                .withHeaders(java.util.Map.of("content-type", "application/json"))
                .withBody(answer.body())
                .build();
    }

    /** "PUT /admin/shops/{shopId}/settings" -> "PUT". */
    private static String methodOf(String routeKey) {
        if (routeKey == null) {
            return "";
        }
        int space = routeKey.indexOf(' ');
        return space < 0 ? routeKey : routeKey.substring(0, space);
    }
}

package io.orderhook.admin;

import java.util.Map;
import java.util.Optional;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import io.orderhook.wiring.Wiring;

/**
 * The admin routes ({@code /admin/shops/{shopId}/...}, IAM-authorised in template.yaml): an
 * order's state, notes and debug log, the shop's settings, quarantined deliveries, and connecting
 * a shop (REST key, webhooks); and the operator console ({@code /console/}, {@link ConsoleFiles})
 * with its copy of the routes under {@code /console/api/}. All decisions are in {@link AdminApi}.
 */
public final class AdminApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final AdminApi api;
    private final ConsoleFiles console;

    /** For the Lambda runtime: clients are built once per container. */
    public AdminApiHandler() {
        this(new AdminApi(Wiring.fromEnvironment()), ConsoleFiles.fromEnvironment(System.getenv()));
    }

    /** For local mode and tests, with their own stores; the console without sign-in. */
    public AdminApiHandler(AdminApi api) {
        this(api, ConsoleFiles.local());
    }

    public AdminApiHandler(AdminApi api, ConsoleFiles console) {
        this.api = api;
        this.console = console;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        String method = event.getRequestContext() != null && event.getRequestContext().getHttp() != null
                ? event.getRequestContext().getHttp().getMethod() : methodOf(event.getRouteKey());
        Optional<ConsoleFiles.File> file = "GET".equals(method) ? console.serve(event.getRawPath()) : Optional.empty();
        if (file.isPresent()) {
            return APIGatewayV2HTTPResponse.builder().withStatusCode(file.get().status())
                    .withHeaders(file.get().headers()).withBody(file.get().body()).build();
        }
        AdminApi.Answer answer = api.handle(method, event.getRawPath(), event.getRawQueryString(),
                AdminApi.bodyText(event.getBody(), event.getIsBase64Encoded()),
                event.getRequestContext() == null ? null : event.getRequestContext().getDomainName());
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(answer.status())
                .withHeaders(Map.of("content-type", "application/json", "cache-control", "no-store"))
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

package io.orderhook.receiver;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import io.orderhook.intake.IntakeOutcome;
import io.orderhook.intake.WebhookDelivery;
import io.orderhook.json.Json;

/** Translates between API Gateway's HTTP API (payload format 2.0) and the intake. */
final class ApiGatewayWebhook {
    private static final String PATH_PREFIX = "/webhooks/woocommerce/";
    private static final Map<String, String> JSON_HEADERS = Map.of("content-type", "application/json");

    private ApiGatewayWebhook() {}

    static WebhookDelivery delivery(APIGatewayV2HTTPEvent event) {
        return new WebhookDelivery(shopId(event), event.getHeaders(), body(event));
    }

    static APIGatewayV2HTTPResponse response(IntakeOutcome outcome) {
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(outcome.httpStatus())
                .withHeaders(JSON_HEADERS)
                .withBody(Json.write(outcome.responseBody()))
                .withIsBase64Encoded(false)
                .build();
    }

    /**
     * The signature is over the bytes the shop sent. API Gateway hands over a body it could not
     * pass as text Base64-encoded, so we decode it first; a text body is those bytes as UTF-8.
     */
    private static byte[] body(APIGatewayV2HTTPEvent event) {
        String body = event.getBody();
        if (body == null) {
            return new byte[0];
        }
        if (event.getIsBase64Encoded()) {
            try {
                return Base64.getDecoder().decode(body);
            } catch (IllegalArgumentException notBase64) {
                // Cannot happen with API Gateway; such a body then fails the signature check.
                return body.getBytes(StandardCharsets.UTF_8);
            }
        }
        return body.getBytes(StandardCharsets.UTF_8);
    }

    private static String shopId(APIGatewayV2HTTPEvent event) {
        Map<String, String> path = event.getPathParameters();
        if (path != null && path.get("shopId") != null) {
            return path.get("shopId");
        }
        String raw = event.getRawPath();
        if (raw != null) {
            int at = raw.indexOf(PATH_PREFIX);
            if (at >= 0) {
                String rest = raw.substring(at + PATH_PREFIX.length());
                return rest.endsWith("/") ? rest.substring(0, rest.length() - 1) : rest;
            }
        }
        return null;
    }
}

package io.orderhook.receiver;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import io.orderhook.wiring.Wiring;
import io.orderhook.intake.WebhookIntake;

/**
 * {@code POST /webhooks/woocommerce/{shopId}}: verifies a WooCommerce webhook and writes it
 * to the inbox, answering in milliseconds. All decisions are in {@link WebhookIntake}.
 */
public final class WebhookReceiverHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final WebhookIntake intake;

    /** For the Lambda runtime: runs once per container, during init (and before a SnapStart snapshot). */
    public WebhookReceiverHandler() {
        this(Wiring.fromEnvironment().webhookIntake());
        WebhookIntake.warmUp();
    }

    /** For tests, local mode and benchmarks, with their own DynamoDB, secrets and clock. */
    public WebhookReceiverHandler(WebhookIntake intake) {
        this.intake = intake;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return ApiGatewayWebhook.response(intake.receive(ApiGatewayWebhook.delivery(event)));
    }
}

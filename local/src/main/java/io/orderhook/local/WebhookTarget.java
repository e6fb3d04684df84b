package io.orderhook.local;

import java.net.URI;

import picocli.CommandLine.Option;

/** The options {@code connect} and {@code disconnect} share: the stack that does it and where the shop's webhooks deliver. */
final class WebhookTarget {
    @Option(names = "--delivery-url", paramLabel = "URL",
            description = "Where the shop reaches orderhook (default: the stack's /webhooks/woocommerce/<shop>).")
    private String deliveryUrl;
    @Option(names = "--stack", paramLabel = "URL", defaultValue = OrderhookCli.DEFAULT_URL,
            description = {"Where the running local stack answers.", "Default: ${DEFAULT-VALUE}"})
    private URI stack;

    String deliveryUrl(String shop) {
        return deliveryUrl != null ? deliveryUrl : stack + LocalBackend.WEBHOOK_PATH + shop;
    }

    LocalHttp stack() {
        return new LocalHttp(stack);
    }
}

package io.orderhook.local;

import java.net.URI;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code orderhook disconnect}: removes a shop's webhooks to orderhook through the admin disconnect route. */
@Command(name = "disconnect", description = {"Removes the shop's webhooks to orderhook.",
        "The shop's configuration and recorded orders stay."})
final class DisconnectCommand implements Callable<Integer> {
    @Parameters(paramLabel = "<shop>", description = "The shop id.")
    private String shop;
    @Option(names = "--delivery-url", paramLabel = "URL",
            description = "The delivery URL the webhooks point at (default: the stack's /webhooks/woocommerce/<shop>).")
    private String deliveryUrl;
    @Option(names = "--stack", paramLabel = "URL", defaultValue = OrderhookCli.DEFAULT_URL,
            description = {"Where the running local stack answers.", "Default: ${DEFAULT-VALUE}"})
    private URI stack;

    private final Terminal terminal;

    DisconnectCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        ObjectNode request = Json.MAPPER.createObjectNode()
                .put("deliveryUrl", deliveryUrl != null ? deliveryUrl : stack + LocalBackend.WEBHOOK_PATH + shop);
        terminal.out().println("orderhook disconnect " + shop);
        return new ConnectReport(terminal, "disconnect").print(new LocalHttp(stack).post("/admin/shops/" + shop + "/disconnect", request));
    }
}

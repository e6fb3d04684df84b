package io.orderhook.local;

import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code orderhook disconnect}: removes a shop's webhooks to orderhook through the admin disconnect route. */
@Command(name = "disconnect", description = {"Removes the shop's webhooks to orderhook.",
        "The shop's configuration and recorded orders stay."})
final class DisconnectCommand implements Callable<Integer> {
    @Parameters(paramLabel = "<shop>", description = "The shop id.")
    private String shop;
    @Mixin
    private WebhookTarget target;

    private final Terminal terminal;

    DisconnectCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        ObjectNode request = Json.MAPPER.createObjectNode().put("deliveryUrl", target.deliveryUrl(shop));
        terminal.out().println("orderhook disconnect " + shop);
        return new ConnectReport(terminal, "disconnect").print(target.stack().post("/admin/shops/" + shop + "/disconnect", request));
    }
}

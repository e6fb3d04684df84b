package io.orderhook.local;

import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import io.orderhook.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code orderhook sweep SHOP}: the sweep of one shop now, through the admin route. */
@Command(name = "sweep", description = {"Lists the shop's orders changed since the sweep's watermark and stores every change "
        + "no delivery brought, as the scheduled sweep does, now."})
final class SweepCommand implements Callable<Integer> {
    private final Terminal terminal;

    @Parameters(arity = "0..1", paramLabel = "<shop>", defaultValue = LocalShops.DEMO,
            description = "The shop id (default: ${DEFAULT-VALUE}).")
    private String shop;

    @Mixin
    private StackUrl stack;

    SweepCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        LocalHttp.Answer answer = new LocalHttp(stack.url).post("/admin/shops/" + shop + "/sweep", Json.MAPPER.createObjectNode());
        JsonNode body = answer.body();
        if (body == null || !body.has("listed")) {
            terminal.err().println("orderhook sweep: " + answer.reason());
            return 1;
        }
        terminal.out().println("swept shop " + shop + ": " + body.get("listed").asLong() + " orders listed, "
                + body.get("caughtUp").asLong() + " change(s) no delivery had brought stored; watermark "
                + body.path("watermark").asText("none"));
        terminal.out().println("order webhook: " + body.path("webhook").asText("not checked")
                + (body.path("webhookProblem").isTextual() ? " (" + body.get("webhookProblem").asText() + ")" : ""));
        if (!body.path("problem").isNull()) {
            terminal.err().println("orderhook sweep: " + body.get("problem").asText());
            return 1;
        }
        return 0;
    }
}

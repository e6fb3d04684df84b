package io.orderhook.local;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code orderhook failed list|redrive}: the orders the processor gave up on, through the admin routes. */
@Command(name = "failed", description = {"Orders the processor gave up on after the stream's retries (list), and sending "
        + "them through again once the cause is fixed (redrive)."})
final class FailedCommand {
    private final Terminal terminal;

    FailedCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Command(name = "list", description = "Lists the shop's failed orders: when, how often tried, the last error.")
    int list(@Parameters(arity = "0..1", paramLabel = "<shop>", defaultValue = LocalShops.DEMO,
                     description = "The shop id (default: ${DEFAULT-VALUE}).") String shop,
             @Mixin StackUrl stack) {
        LocalHttp.Answer answer = new LocalHttp(stack.url).get("/admin/shops/" + shop + "/failed");
        if (!answer.ok()) {
            terminal.err().println("orderhook failed list: " + answer.reason());
            return 1;
        }
        JsonNode failed = answer.body().get("failed");
        terminal.out().println(failed.size() + " failed orders for shop " + shop);
        for (JsonNode f : failed) {
            terminal.out().println("  order " + f.get("orderId").asText() + "  failed " + f.get("failedAt").asText()
                    + " after " + f.get("attempts").asInt() + " attempts\n      " + f.get("reason").asText());
        }
        return 0;
    }

    @Command(name = "redrive", description = {"Sends failed orders through again (all of the shop's when none is named): "
            + "the order gets back its status from before the failure and is processed at once. Nothing is captured, "
            + "cancelled or refunded twice. An order done leaves the list; one that fails again stays."})
    int redrive(@Parameters(index = "0", paramLabel = "<shop>", description = "The shop id.") String shop,
                @Parameters(index = "1..*", arity = "0..*", paramLabel = "<order>", description = "Order ids (default: every failed order).")
                List<String> orders,
                @Mixin StackUrl stack) {
        LocalHttp http = new LocalHttp(stack.url);
        List<String> targets = orders == null || orders.isEmpty() ? failedOrders(http, shop) : orders;
        if (targets == null) {
            return 1;
        }
        if (targets.isEmpty()) {
            terminal.out().println("no failed orders for shop " + shop);
            return 0;
        }
        int exit = 0;
        for (String order : targets) {
            LocalHttp.Answer answer = http.post("/admin/shops/" + shop + "/failed/" + order + "/redrive", "");
            if (answer.body().has("outcome")) {
                terminal.out().println("order " + order + ": " + answer.body().get("outcome").asText() + " ("
                        + answer.body().path("detail").asText() + ")" + (answer.body().get("redriven").asBoolean()
                                ? "; no longer failed" : "; still failed"));
            } else {
                terminal.err().println("orderhook failed redrive " + order + ": " + answer.reason());
            }
            exit = answer.ok() ? exit : 1;
        }
        return exit;
    }

    /** The shop's failed order ids, or null (told) when they cannot be read. */
    private List<String> failedOrders(LocalHttp http, String shop) {
        LocalHttp.Answer answer = http.get("/admin/shops/" + shop + "/failed");
        if (!answer.ok()) {
            terminal.err().println("orderhook failed redrive: " + answer.reason());
            return null;
        }
        List<String> ids = new ArrayList<>();
        answer.body().get("failed").forEach(f -> ids.add(f.get("orderId").asText()));
        return ids;
    }
}

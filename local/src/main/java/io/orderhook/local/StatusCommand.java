package io.orderhook.local;

import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code orderhook status [SHOP...]}: each shop's health, through the admin route. */
@Command(name = "status", description = {"Per shop: the order webhook's health, the last sweep, quarantined deliveries, failed orders, "
        + "notes the shop has not accepted, and the alarms that would fire."})
final class StatusCommand implements Callable<Integer> {
    private final Terminal terminal;

    @Parameters(arity = "0..*", paramLabel = "<shop>", description = "Shop ids (default: demo).")
    private List<String> shops = List.of(LocalShops.DEMO);

    @Mixin
    private StackUrl stack;

    StatusCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        int exit = 0;
        for (String shop : shops) {
            LocalHttp.Answer answer = new LocalHttp(stack.url).get("/admin/shops/" + shop + "/status");
            if (!answer.ok()) {
                terminal.err().println("orderhook status: " + answer.reason());
                exit = 1;
                continue;
            }
            JsonNode s = answer.body();
            JsonNode sweep = s.get("lastSweep");
            terminal.out().println("shop " + shop);
            terminal.out().println("  order webhook   " + s.get("webhook").asText()
                    + (s.path("webhookCheckedAt").isTextual() ? " (checked " + s.get("webhookCheckedAt").asText() + ")" : ""));
            terminal.out().println("  last sweep      " + (sweep.path("at").isTextual()
                    ? sweep.get("at").asText() + ", " + sweep.get("outcome").asText() + ", " + sweep.get("listed").asLong()
                    + " listed, " + sweep.get("caughtUp").asLong() + " caught up (" + sweep.get("caughtUpTotal").asLong()
                    + " in all), watermark " + sweep.path("watermark").asText("none") : "never"));
            terminal.out().println("  quarantined     " + s.get("quarantined").asInt());
            terminal.out().println("  failed orders   " + s.get("failed").asInt());
            terminal.out().println("  pending notes   " + s.get("pendingNotes").asInt()
                    + (s.path("oldestPendingNoteAt").isTextual() ? ", oldest " + s.get("oldestPendingNoteAt").asText() : ""));
            List<String> alarms = strings(s.get("alarms"));
            terminal.out().println("  alarms          " + (alarms.isEmpty() ? "none" : String.join(", ", alarms)));
            strings(s.get("warnings")).forEach(w -> terminal.out().println("  warning         " + w));
        }
        return exit;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}

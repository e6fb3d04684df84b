package io.orderhook.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code orderhook quarantine list|replay}: deliveries the receiver kept aside, through the admin routes. */
@Command(name = "quarantine", description = {"Deliveries the receiver kept aside (list), and running one through the intake again (replay)."})
final class QuarantineCommand {
    private final Terminal terminal;

    QuarantineCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Command(name = "list", description = "Lists the shop's quarantined deliveries with their keys and reasons.")
    int list(@Parameters(arity = "0..1", paramLabel = "<shop>", defaultValue = LocalShops.DEMO,
                     description = "The shop id (default: ${DEFAULT-VALUE}).") String shop,
             @Mixin StackUrl stack) {
        LocalHttp.Answer answer = new LocalHttp(stack.url).get("/admin/shops/" + shop + "/quarantine");
        if (!answer.ok()) {
            terminal.err().println("orderhook quarantine: " + answer.reason());
            return 1;
        }
        JsonNode deliveries = answer.body().get("deliveries");
        terminal.out().println(deliveries.size() + " quarantined deliveries for shop " + shop);
        for (JsonNode d : deliveries) {
            terminal.out().println("  " + d.get("key").asText() + "  topic " + d.path("topic").asText("-") + ", "
                    + d.get("bodyBytes").asInt() + " bytes" + (d.get("signatureVerified").asBoolean() ? "" : ", signature NOT verified")
                    + "\n      " + d.get("reason").asText());
        }
        return 0;
    }

    @Command(name = "replay", description = {"Runs a quarantined delivery through the intake again, signed with the shop's "
            + "current secret. Taken in, it leaves the quarantine; quarantined again, it stays."})
    int replay(@Parameters(index = "0", paramLabel = "<shop>", description = "The shop id.") String shop,
               @Parameters(index = "1", paramLabel = "<key>", description = "The delivery's key, as quarantine list shows it.") String key,
               @Option(names = "--trust-unverified", description = "Replay a delivery whose signature was never verified "
                       + "(after checking its body against the shop).") boolean trustUnverified,
               @Mixin StackUrl stack) {
        ObjectNode request = Json.MAPPER.createObjectNode().put("key", key).put("trustUnverified", trustUnverified);
        LocalHttp.Answer answer = new LocalHttp(stack.url).post("/admin/shops/" + shop + "/quarantine/replay", request);
        if (answer.body().has("outcome")) {
            terminal.out().println("replayed " + key + ": " + answer.body().get("outcome").asText()
                    + (answer.body().path("reason").isNull() ? "" : " (" + answer.body().get("reason").asText() + ")")
                    + (answer.body().get("removedFromQuarantine").asBoolean() ? "; removed from the quarantine"
                            : "; it stays in the quarantine"));
        } else {
            terminal.err().println("orderhook quarantine replay: " + answer.reason());
        }
        return answer.ok() ? 0 : 1;
    }
}

package io.orderhook.local;

import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code orderhook fraud SHOP ORDER}: an order's fraud screening, through the admin route. */
@Command(name = "fraud", description = {"Shows an order's fraud screening with MaxMind minFraud: the risk score against the "
        + "shop's threshold, the IP's risk, what weighed most and minFraud's warnings, or the attempts while it waits."})
final class FraudCommand implements Callable<Integer> {
    private final Terminal terminal;

    @Parameters(index = "0", paramLabel = "<shop>", description = "The shop id, e.g. demo.")
    private String shop;
    @Parameters(index = "1", paramLabel = "<order>", description = "The shop's order id.")
    private String order;

    @Mixin
    private StackUrl stack;

    FraudCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        LocalHttp.Answer answer = new LocalHttp(stack.url).get("/admin/shops/" + shop + "/orders/" + order + "/fraud");
        JsonNode s = answer.body();
        if (!answer.ok() || s == null) {
            terminal.err().println("orderhook fraud: " + answer.reason());
            return 1;
        }
        terminal.out().println("order " + order + " of shop " + shop + ": " + s.get("status").asText());
        if (s.has("riskScore")) {
            terminal.out().printf("  risk score   %s (threshold %s)%n", s.get("riskScore").asText(), s.get("threshold").asText());
            terminal.out().printf("  IP risk      %s%n", s.get("ipRisk").asText());
            terminal.out().printf("  screened at  %s (minFraud id %s)%n", s.path("screenedAt").asText(), s.path("minfraudId").asText());
        } else {
            terminal.out().printf("  attempts     %d, next %s%n", s.get("attempts").asInt(),
                    s.path("nextTryAt").isNull() ? "none (given up)" : s.path("nextTryAt").asText());
            terminal.out().printf("  problem      %s%n", s.path("problem").asText());
        }
        s.path("reasons").forEach(r -> terminal.out().printf("  reason       %s%n", r.asText()));
        s.path("warnings").forEach(w -> terminal.out().printf("  warning      %s%n", w.asText()));
        return 0;
    }
}

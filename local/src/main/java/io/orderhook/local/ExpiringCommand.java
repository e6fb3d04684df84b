package io.orderhook.local;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import io.orderhook.expiry.ExpiryScan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code orderhook expiring SHOP}: the shop's uncaptured reservations and when they lapse, through the
 * admin route; with {@code --scan}, first the expiry scan on the running local stack.
 */
@Command(name = "expiring", description = {"The shop's reserved, uncaptured orders, soonest lapse first: when the "
        + "authorisation lapses, from when the merchant is warned, and whether that happened."})
final class ExpiringCommand implements Callable<Integer> {
    private final Terminal terminal;

    @Parameters(index = "0", paramLabel = "<shop>", description = "The shop id.")
    private String shop;

    @Option(names = "--scan", description = "Run the expiry scan (every shop) first: extend, warn, or record lapses now.")
    private boolean scan;

    @Option(names = "--at", paramLabel = "TIME", description = "With --scan: scan as if at this instant (ISO-8601).")
    private Instant at;

    @Mixin
    private StackUrl stack;

    ExpiringCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        if (scan && !scan()) {
            return 1;
        }
        LocalHttp.Answer answer = new LocalHttp(stack.url).get("/admin/shops/" + shop + "/expiring");
        if (!answer.ok()) {
            terminal.err().println("orderhook expiring: " + answer.reason());
            return 1;
        }
        JsonNode body = answer.body();
        JsonNode orders = body.get("orders");
        terminal.out().println("shop " + shop + ": warned " + body.get("expiryWarningDays").asInt() + " days before the lapse, "
                + (body.get("extendAllowed").asBoolean() ? "extended where the provider can" : "never extended"));
        if (orders.isEmpty()) {
            terminal.out().println("no uncaptured reservation with a known lapse");
            return 0;
        }
        terminal.out().println(String.format("%-10s %-26s %-26s %s", "order", "lapses at", "warned from", "state"));
        for (JsonNode o : orders) {
            String state = o.get("lapsed").asBoolean() ? "lapsed" : o.get("warned").asBoolean() ? "warned" : "watched";
            terminal.out().println(String.format("%-10s %-26s %-26s %s", o.get("orderId").asText(), o.get("lapsesAt").asText(),
                    o.get("warnFrom").asText(), state));
        }
        return 0;
    }

    /** Runs the expiry-scan job and prints its counts and problems; false when it could not run. */
    private boolean scan() {
        String query = at == null ? "" : "?at=" + URLEncoder.encode(at.toString(), StandardCharsets.UTF_8);
        LocalHttp.Answer ran = new LocalHttp(stack.url).post(LocalJobs.PATH + ExpiryScan.NAME + query, null);
        if (!ran.ok()) {
            terminal.err().println("orderhook expiring: " + ran.reason());
            return false;
        }
        JsonNode counts = ran.body().path("counts");
        terminal.out().println("expiry scan at " + ran.body().path("at").asText() + ": " + counts.path(ExpiryScan.LAPSING).asLong()
                + " to extend or warn, " + counts.path(ExpiryScan.LAPSED).asLong() + " lapsed, "
                + counts.path(ExpiryScan.WARNED).asLong() + " warned and not captured");
        ran.body().path("problems").forEach(p -> terminal.out().println("  " + p.asText()));
        return true;
    }
}

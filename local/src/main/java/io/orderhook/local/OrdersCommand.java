package io.orderhook.local;

import java.io.PrintStream;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code orderhook orders}: what orderhook recorded for one order, through the admin route. */
@Command(name = "orders", description = {"What orderhook recorded for an order: state, notes with delivery status, debug log."})
final class OrdersCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "<shop>", description = "The shop id, e.g. demo.")
    private String shop;
    @Parameters(index = "1", paramLabel = "<orderId>", description = "The WooCommerce order id.")
    private String orderId;
    @Option(names = "--json", description = "The admin route's answer as it is.")
    private boolean json;
    @Mixin
    private StackUrl stack;

    private final Terminal terminal;

    OrdersCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        LocalHttp.Answer answer = new LocalHttp(stack.url).get("/admin/shops/" + shop + "/orders/" + orderId);
        if (!answer.ok()) {
            terminal.err().println("orderhook orders: " + answer.reason());
            return 1;
        }
        PrintStream out = terminal.out();
        if (json) {
            out.println(answer.body().toPrettyString());
            return 0;
        }
        JsonNode state = answer.body().get("state");
        out.println("order " + orderId + " of shop " + shop);
        if (state != null && !state.isNull()) {
            out.println("  reservation " + state.get("reservation").asText() + ", payment " + state.path("paymentNumber").asText("-")
                    + (state.path("activationNumber").isNull() ? "" : ", activation " + state.get("activationNumber").asText())
                    + ", credited " + state.get("creditedAmount").asLong() + " (minor units)"
                    + (state.path("pending").isNull() ? "" : ", PENDING " + state.get("pending")));
            JsonNode retry = state.path("retry");
            if (retry.isObject()) {
                out.println("  declined for now: " + retry.path("step").asText() + " tried " + retry.path("tries").asInt()
                        + " time(s), next try at " + retry.path("nextTryAt").asText()
                        + (retry.path("restoreStatus").isTextual() ? ", then back to " + retry.path("restoreStatus").asText() : ""));
            }
        }
        creditCheck(out, answer.body().path("creditCheck"));
        JsonNode payment = answer.body().path("paymentStatus");
        if (!payment.isMissingNode()) {
            out.println("  payment status " + payment.path("status").asText() + " (" + payment.path("group").asText() + "): captured "
                    + money(payment.path("captured").asLong()) + ", refunded " + money(payment.path("refunded").asLong())
                    + (payment.path("reserved").asLong() > 0 ? ", reserved " + money(payment.path("reserved").asLong()) : ""));
        }
        out.println("  payment history:" + (answer.body().path("ledger").isEmpty() ? " none yet" : ""));
        for (JsonNode entry : answer.body().path("ledger")) {
            out.println("    " + entry.path("at").asText() + "  " + entry.path("operation").asText() + " "
                    + money(entry.path("amount").asLong()) + " " + entry.path("currency").asText("") + " -> "
                    + entry.path("result").asText()
                    + (entry.path("code").isNull() ? "" : " " + entry.path("code").asText())
                    + (entry.path("reference").isNull() ? "" : ", reference " + entry.path("reference").asText())
                    + (entry.path("refundId").isNull() ? "" : ", refund " + entry.path("refundId").asText()));
        }
        out.println("  notes:");
        for (JsonNode note : answer.body().get("notes")) {
            out.println("    " + note.get("at").asText() + "  [" + note.get("delivery").asText() + "] " + note.get("text").asText()
                    + (note.path("lastError").isNull() ? "" : "  (last error: " + note.get("lastError").asText() + ")"));
        }
        JsonNode log = answer.body().get("debugLog");
        out.println("  debug log: " + (log.isEmpty() ? "none (turn it on with orderhook settings " + shop + " --debug-log on)" : ""));
        for (JsonNode entry : log) {
            out.println("    " + entry.get("at").asText() + "  " + entry.get("step").asText() + " " + entry.get("call").asText()
                    + " -> " + entry.get("outcome").asText() + " (" + entry.get("durationMs").asLong() + " ms)");
        }
        return 0;
    }

    /** Credit ordering's check: where it stands, what it was decided on and why. */
    private static void creditCheck(PrintStream out, JsonNode c) {
        if (!c.isObject()) {
            return;
        }
        out.println("  credit check " + c.path("state").asText() + " (came as " + c.path("naturalStatus").asText() + ", "
                + c.path("lookups").asInt() + " lookup(s))"
                + (c.path("nextLookupAt").isTextual() ? ", next lookup at " + c.path("nextLookupAt").asText() : "")
                + (c.path("lastError").isTextual() ? ", last error: " + c.path("lastError").asText() : "")
                + (c.path("endedBy").isTextual() ? ", ended by the merchant: " + c.path("endedBy").asText() : ""));
        JsonNode f = c.path("figures");
        if (f.isObject()) {
            String reference = f.path("reference").asText("");
            out.println("    " + f.path("source").asText() + (reference.isEmpty() ? "" : " " + reference) + ": limit "
                    + money(f.path("limit").asLong()) + ", balance " + money(f.path("balance").asLong()) + ", open credit orders "
                    + money(f.path("exposure").asLong()) + ", this order " + money(f.path("orderTotal").asLong())
                    + ", available " + money(f.path("available").asLong()) + (f.path("onHold").asBoolean() ? ", ON HOLD" : ""));
        }
        if (!c.path("reasons").isEmpty()) {
            out.println("    failed: " + c.path("reasons"));
        }
    }

    private static String money(long minor) {
        return io.orderhook.processing.NoteText.money(minor, null);
    }
}

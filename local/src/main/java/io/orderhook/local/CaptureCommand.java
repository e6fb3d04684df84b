package io.orderhook.local;

import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code orderhook capture SHOP ORDER...}: capture on request (the goods have left), one order
 * after the other, through the admin route. A second request for the same order answers
 * "already-done" and captures nothing.
 */
@Command(name = "capture", description = {"Capture orders' payments now, apart from their status (the shop's capture trigger "
        + "must be request or either). Captures each payment once: asking again answers already-done."})
final class CaptureCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "<shop>", description = "The shop id, e.g. demo.")
    private String shop;
    @Parameters(index = "1..*", arity = "1..*", paramLabel = "<orderId>", description = "WooCommerce order ids.")
    private List<String> orderIds;
    @Mixin
    private StackUrl stack;

    private final Terminal terminal;

    CaptureCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        LocalHttp http = new LocalHttp(stack.url);
        boolean allSettled = true;
        for (String orderId : orderIds) {
            LocalHttp.Answer answer = http.post("/admin/shops/" + shop + "/orders/" + orderId + "/capture", "");
            if (!answer.body().has("outcome")) {
                terminal.err().println("orderhook capture: order " + orderId + ": " + answer.reason());
                allSettled = false;
                continue;
            }
            String outcome = answer.body().path("outcome").asText();
            terminal.out().println("order " + orderId + ": " + outcome + " - " + answer.body().path("detail").asText());
            allSettled &= outcome.equals("done") || outcome.equals("already-done");
        }
        return allSettled ? 0 : 1;
    }
}

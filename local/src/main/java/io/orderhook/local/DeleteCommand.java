package io.orderhook.local;

import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code orderhook delete SHOP ORDER}: deletes an order from orderhook, through the admin route. */
@Command(name = "delete", description = {"Deletes everything orderhook keeps about an order (inbox, state, notes, debug log,"
        + " ledger, fraud screening, quarantined deliveries), its open reservation cancelled first; a tombstone of ids and"
        + " time refuses later deliveries of it."})
final class DeleteCommand implements Callable<Integer> {
    private final Terminal terminal;

    @Parameters(index = "0", paramLabel = "<shop>", description = "The shop id, e.g. demo.")
    private String shop;
    @Parameters(index = "1", paramLabel = "<order>", description = "The shop's order id.")
    private String order;

    @Mixin
    private StackUrl stack;

    DeleteCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        LocalHttp.Answer answer = new LocalHttp(stack.url).send("DELETE", "/admin/shops/" + shop + "/orders/" + order, null);
        JsonNode body = answer.body();
        if (!answer.ok()) {
            terminal.err().println("orderhook delete: " + answer.reason());
            return 1;
        }
        terminal.out().println("deleted order " + order + " of shop " + shop + ": " + body.path("items").asLong()
                + " item(s) removed" + (body.path("reservationCancelled").asBoolean() ? ", its reservation cancelled first" : "")
                + "; later deliveries of it are refused");
        return 0;
    }
}

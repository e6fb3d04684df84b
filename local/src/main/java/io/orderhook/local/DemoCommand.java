package io.orderhook.local;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code orderhook demo}: the four order-management procedures against the running stack ({@link DemoRun}). */
@Command(name = "demo", description = {"The four order-management procedures against the running local stack.",
        "Cancel, update, activate and refund, as a customer and a merchant do them in the shop; prints orderhook's notes "
                + "as a timeline."})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--provider", paramLabel = "billmate|klarna|stripe|all", defaultValue = "billmate",
            description = "Which payment method the customer pays with: Billmate Checkout (bco), Klarna Checkout (kco), "
                    + "Stripe (stripe), or each in turn (default: ${DEFAULT-VALUE}).")
    private String provider;
    @Mixin
    private StackUrl stack;

    private final Terminal terminal;

    DemoCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        Set<DemoProvider> providers;
        try {
            providers = DemoProvider.parse(provider);
        } catch (IllegalArgumentException e) {
            terminal.err().println("orderhook demo: " + e.getMessage());
            return 2;
        }
        terminal.out().println("orderhook demo against " + stack.url + ": each procedure places an order as a customer, then changes it "
                + "as a merchant in the shop (simulator REST API); the shop sends the webhooks.");
        terminal.out().println();
        try (Progress progress = Progress.on(terminal)) {
            return new DemoRun(stack.url, progress, Duration.ofSeconds(30)).run(providers) ? 0 : 1;
        }
    }
}

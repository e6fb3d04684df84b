package io.orderhook.local;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BooleanSupplier;

import io.orderhook.order.OrderSnapshot;
import io.orderhook.provider.ProviderResult;
import io.orderhook.provider.billmate.BillmateCart;
import io.orderhook.provider.billmate.BillmateProvider;
import io.orderhook.shop.woocommerce.WooOrderJson;
import io.orderhook.testkit.billmate.BillmateCheckout;
import io.orderhook.testkit.woocommerce.NewOrder;
import io.orderhook.testkit.woocommerce.ShopSimulator;

/** What the local-mode tests do alike against a running {@link LocalBackend}. */
final class LocalStackSteps {
    private LocalStackSteps() {}

    /** What an orderhook command answered and printed. */
    record CliRun(int status, String out, String err) {}

    /** Runs an orderhook command in this JVM, its stdout and stderr captured (never a terminal). */
    static CliRun orderhook(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new OrderhookCli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(args);
        return new CliRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * A customer checks out with Billmate: order placed, payment reserved at the sandbox, order
     * paid and processed. Answers {order id, Billmate payment number}.
     */
    static String[] checkout(LocalBackend backend, URI base) {
        return checkout(backend, base, backend.shop());
    }

    /** The same in another shop (one connected to the stack), paying at the stack's Billmate sandbox. */
    static String[] checkout(LocalBackend backend, URI base, ShopSimulator shop) {
        String orderId = shop.createOrder(NewOrder.paidWith("bco").status("pending")
                .product("MUG", "Mug", 2, "100.00").shipping("PostNord", "49.00")
                .billing("email", "anna.andersson@example.com").billing("country", "SE"));
        String number = new BillmateCheckout(URI.create(base + "/sandbox/billmate/"), LocalShops.DEMO_BILLMATE_ID,
                LocalShops.DEMO_BILLMATE_SECRET).pay(shop.order(orderId), BillmateCheckout.INVOICE);
        shop.updateOrder(orderId, "{\"status\":\"processing\",\"transaction_id\":\"" + number + "\"}");
        shop.awaitDeliveries(Duration.ofSeconds(10));
        await(() -> backend.poller().awaitIdle(Duration.ofMillis(200)), "the processor");
        // A merchant never saves the same order twice within one second (WooCommerce dates have whole seconds).
        sleep(1100);
        return new String[] {orderId, number};
    }

    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            sleep(50);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

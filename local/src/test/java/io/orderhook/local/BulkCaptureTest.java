package io.orderhook.local;

import static io.orderhook.local.LocalStackSteps.orderhook;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.orderhook.shop.CaptureSettings;
import io.orderhook.shop.CaptureSettings.Trigger;
import io.orderhook.shop.ShopSettings;
import io.orderhook.testkit.billmate.BillmateCheckout;
import io.orderhook.testkit.billmate.BillmateSandbox;
import io.orderhook.testkit.billmate.SandboxFault;
import io.orderhook.testkit.woocommerce.NewOrder;
import io.orderhook.testkit.woocommerce.ShopSimulator;

/**
 * {@code orderhook bulk capture demo --status shipped} over 200 orders against the Billmate
 * sandbox answering each call after 100 ms: interrupted halfway, then run again, every payment is
 * captured exactly once and the second run's summary says which were done before.
 */
class BulkCaptureTest {
    private static final int ORDERS = 200;

    private final LocalBackend backend = LocalBackend.start(LocalOptions.forTests()
            .shop(b -> b.status("shipped", "Shipped"))
            .poller(p -> p.parallelism(4))
            .demoSettings(ShopSettings.defaults().withCaptureStatus("shipped")
                    .withCapture(CaptureSettings.defaults().withTrigger(Trigger.REQUEST))));
    private final URI base = backend.baseUrl();
    private final ShopSimulator shop = backend.shop();
    private final BillmateSandbox sandbox = backend.sandbox();

    @AfterEach
    void close() {
        backend.close();
    }

    @Test
    void anInterruptedBulkCaptureRunAgainCapturesEveryShippedOrderOnce() throws InterruptedException {
        List<String> numbers = shippedOrders();
        sandbox.inject(null, 1_000_000, SandboxFault.latency(Duration.ofMillis(100)));

        AtomicReference<LocalStackSteps.CliRun> interrupted = new AtomicReference<>();
        Thread first = new Thread(() -> interrupted.set(orderhook("bulk", "capture", "demo", "--status", "shipped",
                "--concurrency", "8", "--url", base.toString())));
        first.start();
        await(() -> sandbox.calls("activatePayment") >= ORDERS / 2, "half the captures");
        first.interrupt();
        first.join(30_000);
        // What the job had started when its watcher went away is finished; then nothing moves it.
        await(() -> backend.poller().awaitIdle(Duration.ofSeconds(3)), "the processor");
        int capturedBefore = captured(numbers);
        assertTrue(capturedBefore >= ORDERS / 2 && capturedBefore < ORDERS, "interrupted halfway: " + capturedBefore);
        assertTrue(interrupted.get() == null || interrupted.get().status() != 0, "the interrupted run did not finish");

        LocalStackSteps.CliRun rerun = orderhook("bulk", "capture", "demo", "--status", "shipped", "--concurrency", "8",
                "--url", base.toString());

        assertEquals(0, rerun.status(), rerun.out() + rerun.err());
        assertTrue(rerun.out().contains("[" + "#".repeat(30) + "] " + ORDERS + "/" + ORDERS), "a progress bar: " + rerun.out());
        assertEquals(ORDERS - capturedBefore, count(rerun.out(), "done"), rerun.out());
        assertEquals(capturedBefore, count(rerun.out(), "already-done"), rerun.out());
        assertEquals(0, count(rerun.out(), "refused"), rerun.out());
        assertEquals(0, count(rerun.out(), "failed"), rerun.out());
        assertEquals(ORDERS, captured(numbers), "the sandbox holds every payment captured");
        System.out.println("bulk capture of " + ORDERS + " orders, 100 ms sandbox latency: interrupted with " + capturedBefore
                + " captured; the re-run did " + count(rerun.out(), "done") + " and found " + count(rerun.out(), "already-done")
                + " already done");
        for (String number : numbers) {
            assertEquals(1, sandbox.calls("activatePayment", number), "payment " + number + " captured once");
        }
    }

    /** 200 customers check out, and the merchant marks every order shipped (the labels are printed). */
    private List<String> shippedOrders() {
        BillmateCheckout checkout = new BillmateCheckout(URI.create(base + "/sandbox/billmate/"), LocalShops.DEMO_BILLMATE_ID,
                LocalShops.DEMO_BILLMATE_SECRET);
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            String orderId = shop.createOrder(NewOrder.paidWith("bco").status("pending")
                    .product("MUG", "Mug", 1 + i % 3, "100.00").shipping("PostNord", "49.00")
                    .billing("email", "anna.andersson@example.com").billing("country", "SE"));
            String number = checkout.pay(shop.order(orderId), BillmateCheckout.INVOICE);
            // Paid, and the label printed at once: one save (each save is a webhook, delivered one at a time).
            shop.updateOrder(orderId, "{\"status\":\"shipped\",\"transaction_id\":\"" + number + "\"}");
            numbers.add(number);
        }
        settle();
        assertEquals(0, sandbox.calls("activatePayment"), "shipped alone captures nothing");
        return numbers;
    }

    private int captured(List<String> numbers) {
        return (int) numbers.stream().filter(n -> sandbox.payment(n).orElseThrow().captured()).count();
    }

    /** The summary table's count of an outcome ("done      120"). */
    private static long count(String out, String outcome) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(outcome) + "\\s+(\\d+)$").matcher(out);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private void settle() {
        for (int i = 0; i < 3; i++) {
            shop.awaitDeliveries(Duration.ofMinutes(5));
            await(() -> backend.poller().awaitIdle(Duration.ofMillis(300)), "the processor");
        }
    }

    /** Hundreds of orders take longer than the steps' usual 20 seconds. */
    private static void await(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            LocalStackSteps.sleep(50);
        }
    }
}

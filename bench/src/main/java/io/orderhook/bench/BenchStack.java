package io.orderhook.bench;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

import io.orderhook.intake.IntakeLog;
import io.orderhook.local.LocalBackend;
import io.orderhook.local.LocalOptions;
import io.orderhook.local.LocalShops;
import io.orderhook.local.StreamPoller;
import io.orderhook.processing.EventLog;
import io.orderhook.processing.OrderProcessor;
import io.orderhook.shop.ShopSettings;
import io.orderhook.store.InboxStore;
import io.orderhook.shop.woocommerce.WooCommerceRestClient;
import io.orderhook.testkit.billmate.BillmateCheckout;
import io.orderhook.testkit.billmate.BillmateSandbox;
import io.orderhook.testkit.woocommerce.NewOrder;
import io.orderhook.testkit.woocommerce.ShopSimulator;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The whole backend in one JVM for the end-to-end benchmarks: the one in-JVM stack
 * ({@link LocalBackend}) that local mode and the tests run, with the shop's capture status, the
 * poller's parallelization factor, and request counting on the receiver's and the processor's
 * DynamoDB clients.
 */
final class BenchStack implements AutoCloseable {
    static final String SHOP = LocalShops.DEMO;

    private final LocalBackend backend;
    final BillmateSandbox sandbox;
    final BillmateCheckout checkout;
    final ShopSimulator shop;
    final StreamPoller poller;
    /** The processor's DynamoDB client, for the baseline of the same requests. */
    final DynamoDbClient processorDynamo;
    /** The table's inbox on the receiver's client: where a sweep writes the changes it found. */
    final InboxStore inbox;

    /**
     * @param captureStatus the shop's capture status ("completed", or e.g. a custom "shipped", registered in the shop)
     * @param parallelism   the poller's parallelization factor
     */
    BenchStack(String captureStatus, int parallelism, ExecutionInterceptor receiverInterceptor,
            ExecutionInterceptor processorInterceptor) {
        this(captureStatus, parallelism, OrderProcessor.DEFAULT_IN_BATCH_CONCURRENCY, receiverInterceptor, processorInterceptor);
    }

    /** @param inBatchConcurrency the processor's in-batch concurrency (1: the records of a batch one after another) */
    BenchStack(String captureStatus, int parallelism, int inBatchConcurrency, ExecutionInterceptor receiverInterceptor,
            ExecutionInterceptor processorInterceptor) {
        this(captureStatus, parallelism, inBatchConcurrency, receiverInterceptor, processorInterceptor, o -> o);
    }

    /** @param more further options of the stack (timing the handlers) */
    BenchStack(String captureStatus, int parallelism, int inBatchConcurrency, ExecutionInterceptor receiverInterceptor,
            ExecutionInterceptor processorInterceptor, UnaryOperator<LocalOptions> more) {
        String label = Character.toUpperCase(captureStatus.charAt(0)) + captureStatus.substring(1);
        backend = LocalBackend.start(more.apply(LocalOptions.forTests()
                .outboxInterval(Duration.ofMinutes(2))
                .inBatchConcurrency(inBatchConcurrency)
                .intakeInterceptors(receiverInterceptor)
                .processorInterceptors(processorInterceptor)
                .events(new EventLog(line -> { }))
                .intakeLog(new IntakeLog(line -> { }))
                .demoSettings(ShopSettings.defaults().withCaptureStatus(captureStatus))
                .shop(b -> captureStatus.equals("completed") ? b.swedishVat() : b.swedishVat().status(captureStatus, label))
                .poller(p -> p.parallelism(parallelism).retryDelay(Duration.ofMillis(20)).pollInterval(Duration.ofMillis(10)))
                .restClients((config, key, secret) -> WooCommerceRestClient.builder(URI.create(config.shopUrl()), key, secret)
                        .auth(config.restAuth()).timeouts(Duration.ofSeconds(3), Duration.ofSeconds(10)).build())));
        sandbox = backend.sandbox();
        shop = backend.shop();
        poller = backend.poller();
        checkout = new BillmateCheckout(backend.billmateEndpoint(), LocalShops.DEMO_BILLMATE_ID,
                LocalShops.DEMO_BILLMATE_SECRET);
        processorDynamo = backend.processorWiring().dynamo();
        inbox = backend.wiring().inbox();
    }

    /** A customer checks out: pending order, reservation at the sandbox, processing with the payment number. */
    String[] checkout() {
        String orderId = shop.createOrder(NewOrder.paidWith("bco").status("pending")
                .product("MUG", "Mug", 2, "100.00").product("CUP", "Cup", 1, "80.00")
                .shipping("Postnord", "49.00").billing("email", "anna.andersson@example.com"));
        String number = checkout.pay(shop.order(orderId), BillmateCheckout.INVOICE);
        shop.updateOrder(orderId, "{\"status\":\"processing\",\"transaction_id\":\"" + number + "\"}");
        return new String[] {orderId, number};
    }

    /** Waits until every delivery is made and processed, and the write-backs' echoes too. */
    void settle() {
        for (int i = 0; i < 3; i++) {
            shop.awaitDeliveries(Duration.ofMinutes(5));
            if (!poller.awaitIdle(Duration.ofMinutes(5))) {
                throw new IllegalStateException("the processor did not become idle");
            }
        }
    }

    boolean activated(String number) {
        return sandbox.payment(number).orElseThrow().captured();
    }

    /** Waits until all these payments are activated. */
    void awaitActivated(List<String[]> orders, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        int checked = 0;
        while (checked < orders.size()) {
            if (activated(orders.get(checked)[1])) {
                checked++;
            } else if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + checked + " of " + orders.size() + " payments activated in time");
            } else {
                Thread.sleep(2);
            }
        }
    }

    @Override
    public void close() {
        backend.close();
    }
}

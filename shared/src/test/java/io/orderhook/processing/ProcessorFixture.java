package io.orderhook.processing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.orderhook.order.OrderSnapshot;
import io.orderhook.outbox.OutboxDispatcher;
import io.orderhook.provider.PaymentProvider;
import io.orderhook.provider.billmate.BillmateProvider;
import io.orderhook.shop.ShopClient;
import io.orderhook.shop.ShopConfig;
import io.orderhook.shop.ShopSettings;
import io.orderhook.shop.ShopCallListener;
import io.orderhook.shop.woocommerce.WooCommerceRestClient;
import io.orderhook.store.DebugLogStore;
import io.orderhook.store.InboxItem;
import io.orderhook.store.NoteStore;
import io.orderhook.store.OrderStateStore;
import io.orderhook.store.TableDefinition;
import io.orderhook.testkit.DynamoDbLocal;
import io.orderhook.testkit.TestClock;
import io.orderhook.testkit.billmate.BillmateSandbox;
import io.orderhook.testkit.woocommerce.NewOrder;
import io.orderhook.testkit.woocommerce.OrderNote;
import io.orderhook.testkit.woocommerce.RefundSpec;
import io.orderhook.testkit.woocommerce.ShopSimulator;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A processor on its own DynamoDB Local table, talking over HTTP to the Billmate sandbox
 * (through the real {@link BillmateProvider}) and to the shop simulator (through the real
 * {@link WooCommerceRestClient}), with a settable clock and a {@link Crash} around both clients.
 *
 * <p>Tests name orders "1", "2", ...; the simulator numbers its orders itself and the sandbox
 * its payments, so {@link #deliver} sends the processor the snapshot under the shop's order id
 * and the sandbox's payment number.
 */
final class ProcessorFixture implements AutoCloseable {
    static final String SHOP = "shop1";
    static final String BILLMATE_ID = "1234";
    static final String BILLMATE_SECRET = "sandbox-secret-1234";
    static final String REST_KEY = "ck_fixture0123456789";
    static final String REST_SECRET = "cs_fixture0123456789";
    /** Reservations are invoices (method 1); Billmate calls an activated invoice "Factoring". */
    static final int INVOICE = 1;
    static final String ACTIVATED = "Factoring";

    final RequestCounter requests = new RequestCounter();
    final Crash crash = new Crash();
    final String table;
    final DynamoDbClient dynamo;
    final OrderStateStore states;
    final NoteStore notes;
    final DebugLogStore logs;
    final BillmateSandbox sandbox = BillmateSandbox.start().merchant(BILLMATE_ID, BILLMATE_SECRET);
    /** The real client, for what happens at Billmate outside orderhook (not crashed). */
    final BillmateProvider billmate = new BillmateProvider(sandbox.endpoint(), BILLMATE_ID, BILLMATE_SECRET, true,
            BillmateProvider.httpClient(Duration.ofSeconds(2))).withReadTimeout(Duration.ofSeconds(2));
    final ShopSimulator shop = ShopSimulator.builder().restKey(REST_KEY, REST_SECRET).swedishVat().build().start();
    final WooCommerceRestClient rest = new WooCommerceRestClient(shop.shopUrl(), REST_KEY, REST_SECRET,
            Duration.ofSeconds(2), Duration.ofSeconds(3), ShopCallListener.NONE);
    final PaymentProvider payments = crash.around(billmate);
    /** The customer's side: the shop's checkout, which reserves the payment at the sandbox. */
    final io.orderhook.testkit.billmate.BillmateCheckout checkout =
            new io.orderhook.testkit.billmate.BillmateCheckout(sandbox.endpoint(), BILLMATE_ID, BILLMATE_SECRET);
    final ShopClient shopClient = crash.around(rest);
    final TestClock clock = TestClock.at("2024-05-02T12:00:00Z");
    final java.util.List<String> eventLines = new java.util.concurrent.CopyOnWriteArrayList<>();
    volatile ShopSettings settings = ShopSettings.defaults();
    final ShopConnections connections = new ShopConnections() {
        @Override public PaymentProvider provider(ShopConfig config) { return payments; }
        @Override public ShopClient shop(ShopConfig config) { return shopClient; }
    };
    final OrderProcessor processor;
    final OutboxDispatcher outbox;
    /** Test order id -> the simulator's order id. */
    private final Map<String, String> shopOrderIds = new ConcurrentHashMap<>();
    /** Test order id -> the sandbox's payment number. */
    private final Map<String, String> paymentNumbers = new ConcurrentHashMap<>();

    ProcessorFixture() {
        DynamoDbLocal local = DynamoDbLocal.shared();
        table = local.newTable("processor", TableDefinition::create);
        dynamo = local.client(requests, crash);
        states = new OrderStateStore(dynamo, table);
        notes = new NoteStore(dynamo, table);
        logs = new DebugLogStore(dynamo, table);
        ShopConfigs configs = id -> SHOP.equals(id) ? Optional.of(config()) : Optional.empty();
        EventLog events = new EventLog(eventLines::add);
        processor = new OrderProcessor(configs, connections, states, notes, logs, clock, events);
        outbox = new OutboxDispatcher(configs, connections, notes, clock, events);
    }

    ShopConfig config() {
        return new ShopConfig(SHOP, shop.shopUrl().toString(), "webhook-secret-ref", "rest-key-ref", "rest-secret-ref",
                new ShopConfig.ProviderAccount("billmate", BILLMATE_ID, "billmate-secret-ref", sandbox.endpoint().toString(), true),
                settings, 1);
    }

    void settings(boolean debugLog, String captureStatus) {
        settings = new ShopSettings(true, debugLog, 14, Set.of("bco"), captureStatus, "on-hold", true);
    }

    /**
     * The customer's checkout: the order is placed in the shop, and its payment is reserved at
     * the sandbox (as an invoice) for the order's cart and total.
     */
    void reserve(TestOrders order) {
        OrderSnapshot s = order.build();
        String shopId = shopOrderId(s);
        String number = checkout.pay(shop.order(shopId), INVOICE);
        paymentNumbers.put(s.orderId(), number);
        shop.updateOrder(shopId, "{\"transaction_id\":\"" + number + "\"}");
    }

    /** The sandbox's payment number of a reserved test order. */
    String number(String orderId) {
        String number = paymentNumbers.get(orderId);
        if (number == null) {
            throw new IllegalStateException("order " + orderId + " was not reserved");
        }
        return number;
    }

    /** The payment of a reserved test order as the sandbox holds it. */
    BillmateSandbox.Payment payment(String orderId) {
        return sandbox.payment(number(orderId)).orElseThrow();
    }

    /** How many calls of this Billmate function named the order's payment (faulted ones included). */
    int calls(String function, String orderId) {
        return sandbox.calls(function, number(orderId));
    }

    /** The notes orderhook wrote to the shop for a test order, oldest first, as the merchant reads them. */
    List<String> shopNotes(String orderId) {
        return shop.notes(shopOrderId(orderId), OrderNote.Origin.REST_API).stream()
                .map(n -> NoteDelivery.withoutReference(n.note())).toList();
    }

    String shopStatus(String orderId) {
        return shop.status(shopOrderId(orderId));
    }

    Map<String, String> shopMeta(String orderId) {
        return shop.meta(shopOrderId(orderId));
    }

    /** The merchant refunds this amount (minor units, with tax) in the shop; answers the shop's refund id. */
    String refund(String orderId, long amount) {
        return shop.refund(shopOrderId(orderId), RefundSpec.amount(amount / 100 + "." + String.format("%02d", amount % 100)));
    }

    /** The simulator's id of a test order (placed in the shop on first use). */
    String shopOrderId(String orderId) {
        return shopOrderId(TestOrders.order(orderId).build());
    }

    private String shopOrderId(OrderSnapshot placed) {
        return shopOrderIds.computeIfAbsent(placed.orderId(), id -> {
            long mugs = placed.lines().get(0).quantity().longValueExact();
            NewOrder order = NewOrder.paidWith(placed.paymentMethod()).product("MUG", "Mug", mugs, "100.00")
                    .shipping("Postnord", "49.00").billing("email", "anna.andersson@example.com").billing("country", "SE");
            String number = paymentNumbers.get(id);
            return shop.createOrder(number == null ? order : order.transactionId(number));
        });
    }

    /** The snapshot as the shop would send it: the shop's order id and the sandbox's payment number. */
    OrderSnapshot snapshot(TestOrders order) {
        OrderSnapshot s = order.build();
        String number = paymentNumbers.getOrDefault(s.orderId(), s.transactionId());
        String transactionId = s.transactionId().equals(TestOrders.transactionId(s.orderId())) ? number : s.transactionId();
        String shopId = shopOrderId(s);
        return new OrderSnapshot(shopId, s.status(), s.paymentMethod(), transactionId, s.currency(),
                s.dateModifiedGmt(), s.pricesIncludeTax(), s.lines(), s.taxRates(), s.total(), s.totalTax(), s.refunds(),
                s.meta(), shopId, CUSTOMER);
    }

    /** The customer of every test order: Billmate's updatePayment needs the e-mail and country (9103, 9104). */
    static final io.orderhook.order.Customer CUSTOMER = new io.orderhook.order.Customer("anna.andersson@example.com",
            new io.orderhook.order.Customer.Address("Anna", "Andersson", "", "Storgatan 1", "", "11122", "Stockholm", "SE", ""),
            io.orderhook.order.Customer.Address.NONE, "");

    /** Delivers the snapshot to the processor; the shop's order first takes the snapshot's status, as the shop sent it. */
    OrderProcessor.Outcome deliver(TestOrders order) {
        OrderSnapshot s = snapshot(order);
        if (!s.status().equals(shop.status(s.orderId()))) {
            shop.setStatus(s.orderId(), s.status());
        }
        return processor.process(item(s), config(), s);
    }

    /**
     * The shop's webhook of the order as it is now in the shop (read through the REST API, which
     * answers the same shape), delivered when asked; the fixture's clock is moved to the shop's
     * time first, so the delivery is received after it was made.
     */
    OrderSnapshot asTheShopSendsIt(String orderId) {
        clock.set(java.time.Instant.now().plusSeconds(1));
        io.orderhook.shop.ShopResult<OrderSnapshot> read = rest.order(shopOrderId(orderId));
        if (!(read instanceof io.orderhook.shop.ShopResult.Ok<OrderSnapshot> ok)) {
            throw new IllegalStateException("the simulator did not answer the order: " + read);
        }
        return ok.value();
    }

    /** Delivers a snapshot as the shop sent it, whenever that was: the shop's order stays as it is now. */
    OrderProcessor.Outcome deliverAsSent(OrderSnapshot s) {
        return processor.process(item(s), config(), s);
    }

    private InboxItem item(OrderSnapshot s) {
        return new InboxItem(SHOP, s.orderId(), "order.updated", "d1", "w1", s.dateModifiedGmt().toString(),
                Integer.toHexString(s.hashCode()), "{}", clock.instant());
    }

    void advance(Duration d) {
        clock.advance(d);
    }

    @Override
    public void close() {
        dynamo.close();
        shop.close();
        sandbox.close();
    }
}

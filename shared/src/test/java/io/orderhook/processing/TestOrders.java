package io.orderhook.processing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.orderhook.order.OrderLine;
import io.orderhook.order.OrderLine.LineKind;
import io.orderhook.order.OrderLine.LineTax;
import io.orderhook.order.OrderSnapshot;
import io.orderhook.order.Refund;
import io.orderhook.order.RefundRef;
import io.orderhook.order.TaxRate;

/** Order snapshots built directly in the shop-neutral model: 100.00 + 25 % per mug, 49.00 + 25 % shipping. */
public final class TestOrders {
    public static final Instant T0 = Instant.parse("2024-05-02T10:00:00Z");

    private final String orderId;
    private String status = "processing";
    private String paymentMethod = "bco";
    private Instant modified = T0;
    private long quantity = 2;
    private final List<RefundRef> refunds = new ArrayList<>();
    private String transactionId;
    private final Map<String, String> meta = new java.util.HashMap<>();

    private TestOrders(String orderId) {
        this.orderId = orderId;
    }

    public static TestOrders order(String orderId) {
        return new TestOrders(orderId);
    }

    public TestOrders status(String s) {
        status = s;
        return this;
    }

    public TestOrders paymentMethod(String m) {
        paymentMethod = m;
        return this;
    }

    /** The provider's payment number (default {@link #transactionId(String)}). */
    public TestOrders payment(String number) {
        transactionId = number;
        return this;
    }

    public TestOrders at(int minutes) {
        modified = T0.plusSeconds(60L * minutes);
        return this;
    }

    public TestOrders quantity(long q) {
        quantity = q;
        return this;
    }

    /** Order meta as the shop sends it (orderhook's own write-back, a plugin's number). */
    public TestOrders meta(String key, String value) {
        meta.put(key, value);
        return this;
    }

    public TestOrders refund(String id, long amount) {
        refunds.add(0, new RefundRef(id, amount, ""));
        return this;
    }

    public static String transactionId(String orderId) {
        return "9" + orderId;
    }

    public static long total(long quantity) {
        return order("x").quantity(quantity).build().total();
    }

    public static Refund refundOf(String id, long amount) {
        return new Refund(id, amount, List.of(), "");
    }

    public OrderSnapshot build() {
        long product = 10_000 * quantity;
        long productTax = product / 4;
        List<OrderLine> lines = List.of(
                new OrderLine(LineKind.PRODUCT, "11", "MUG", "Mug", quantity, product, product, productTax,
                        List.of(new LineTax("1", productTax * 10_000))),
                new OrderLine(LineKind.SHIPPING, "12", "", "Postnord", 1, 4_900, 4_900, 1_225,
                        List.of(new LineTax("1", 1_225 * 10_000))));
        long tax = productTax + 1_225;
        return new OrderSnapshot(orderId, status, paymentMethod, transactionId == null ? transactionId(orderId) : transactionId, "SEK", modified, false, lines,
                List.of(new TaxRate("1", "Moms 25%", new BigDecimal("25"), false)), product + 4_900 + tax, tax, refunds,
                meta);
    }
}

package io.orderhook.lifecycle;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.orderhook.order.OrderLine;
import io.orderhook.order.OrderLine.LineKind;
import io.orderhook.order.OrderLine.LineTax;
import io.orderhook.order.OrderSnapshot;
import io.orderhook.order.RefundRef;
import io.orderhook.order.TaxRate;

/** Order snapshots for tests, built directly in the shop-neutral model. */
public final class Orders {
    public static final Instant T0 = Instant.parse("2024-05-02T10:00:00Z");

    private String status = "processing";
    private String paymentMethod = "bco";
    private String transactionId = "1000001";
    private Instant modified = T0;
    private long productQuantity = 2;
    private final List<RefundRef> refunds = new ArrayList<>();
    private final java.util.Map<String, String> meta = new java.util.LinkedHashMap<>();
    private String sku = "SKU-1";

    public static Orders order(String status) {
        Orders o = new Orders();
        o.status = status;
        return o;
    }

    public Orders paymentMethod(String method) {
        this.paymentMethod = method;
        return this;
    }

    public Orders transactionId(String id) {
        this.transactionId = id;
        return this;
    }

    /** Minutes after {@link #T0}. */
    public Orders modifiedAt(int minutes) {
        this.modified = T0.plusSeconds(60L * minutes);
        return this;
    }

    /** Edits the product line: a different quantity means different lines and total. */
    public Orders quantity(long quantity) {
        this.productQuantity = quantity;
        return this;
    }

    public Orders meta(String key, String value) {
        meta.put(key, value);
        return this;
    }

    /** Another article number for the product: other lines, the same total. */
    public Orders renameSku(String newSku) {
        this.sku = newSku;
        return this;
    }

    public Orders refund(String id, long amount) {
        refunds.add(0, new RefundRef(id, amount, ""));
        return this;
    }

    /** 100.00 per unit + 25 % tax, plus 49.00 shipping + 25 % tax. */
    public OrderSnapshot build() {
        long product = 10_000 * productQuantity;
        long productTax = product / 4;
        List<OrderLine> lines = List.of(
                new OrderLine(LineKind.PRODUCT, "11", sku, "Mug", productQuantity, product, product, productTax,
                        List.of(new LineTax("1", productTax * 10_000))),
                new OrderLine(LineKind.SHIPPING, "12", "", "Postnord", 1, 4_900, 4_900, 1_225,
                        List.of(new LineTax("1", 1_225 * 10_000))));
        long tax = productTax + 1_225;
        long total = product + 4_900 + tax;
        return new OrderSnapshot("42", status, paymentMethod, transactionId, "SEK", modified, false, lines,
                List.of(new TaxRate("1", "Moms 25%", new BigDecimal("25"), false)), total, tax, refunds, meta);
    }

    /** The total of {@link #build()} for a quantity. */
    public static long totalFor(long quantity) {
        return order("processing").quantity(quantity).build().total();
    }
}

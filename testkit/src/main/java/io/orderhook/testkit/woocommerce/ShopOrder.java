package io.orderhook.testkit.woocommerce;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One order of the simulated shop: what the merchant or a REST client entered, the totals
 * WooCommerce derives from it, and its REST v3 JSON. Mutable; always used under the shop's lock.
 */
final class ShopOrder {

    enum ItemKind { PRODUCT, SHIPPING, FEE, COUPON }

    record Meta(long id, String key, JsonNode value) {}

    static final class Item {
        final long id;
        final ItemKind kind;
        String name = "";
        long productId;
        long variationId;
        String sku = "";
        /** Whole units in WooCommerce core; decimal (3.5) where a weight or length plugin sells by measure. */
        BigDecimal quantity = BigDecimal.ONE;
        String taxClass = "";
        /** PRODUCT: unit price as entered; with tax when {@link #unitPriceIncludesTax}. */
        long unitPrice;
        boolean unitPriceIncludesTax;
        /** PRODUCT: ex-tax line totals a REST client gave explicitly (WooCommerce keeps them). */
        Long subtotalOverride;
        Long totalOverride;
        String methodId = "";
        String methodTitle = "";
        /** SHIPPING and FEE: the ex-tax total as entered. */
        long enteredTotal;
        boolean taxable = true;
        String couponCode = "";
        final List<Meta> meta = new ArrayList<>();

        long subtotal;
        long total;
        Map<Integer, Long> subtotalTaxes = Map.of();
        Map<Integer, Long> totalTaxes = Map.of();
        long subtotalTax;
        long totalTax;
        long couponBasisDiscount;
        long couponDiscount;
        long couponDiscountTax;

        Item(long id, ItemKind kind) {
            this.id = id;
            this.kind = kind;
        }
    }

    /**
     * @param refundedItemId the order item this row refunds
     * @param quantity       positive (decimal where the order's row is); shown negative
     * @param total          positive ex-tax minor units; shown negative
     * @param taxes          positive minor units per rate id; shown negative
     */
    record RefundLine(long id, long refundedItemId, long metaId, ItemKind kind, String name, long productId,
                      long variationId, String sku, String taxClass, String methodId, String methodTitle,
                      BigDecimal quantity, long total, Map<Integer, Long> taxes) {
        long totalTax() {
            return taxes.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    record Refund(long id, Instant created, long amount, String reason, boolean refundedPayment,
                  List<RefundLine> lines) {}

    final long id;
    final String orderKey;
    final String currency;
    final boolean pricesIncludeTax;
    final Instant created;
    String status;
    String createdVia = "rest-api";
    String paymentMethod = "";
    String paymentMethodTitle = "";
    String transactionId = "";
    String customerNote = "";
    /** Where the customer placed the order from: set by the checkout only (read-only in the REST API). */
    String customerIp = "";
    ObjectNode billing = PhpJson.MAPPER.createObjectNode();
    ObjectNode shipping = PhpJson.MAPPER.createObjectNode();
    Instant modified;
    Instant paid;
    Instant completed;
    boolean trashed;
    final List<Item> items = new ArrayList<>();
    final List<Meta> meta = new ArrayList<>();
    /** Oldest first; WooCommerce lists them newest first. */
    final List<Refund> refunds = new ArrayList<>();
    /** Oldest first; WooCommerce lists them newest first. */
    final List<OrderNote> notes = new ArrayList<>();
    /** Tax line item ids, stable per rate. */
    final Map<Integer, Long> taxLineIds = new LinkedHashMap<>();

    long discountTotal;
    long discountTax;
    long shippingTotal;
    long shippingTax;
    long cartTax;
    long totalTax;
    long total;
    final Map<Integer, long[]> taxLineTotals = new LinkedHashMap<>();

    ShopOrder(long id, String orderKey, String currency, boolean pricesIncludeTax, Instant created, String status) {
        this.id = id;
        this.orderKey = orderKey;
        this.currency = currency;
        this.pricesIncludeTax = pricesIncludeTax;
        this.created = created;
        this.modified = created;
        this.status = status;
    }

    Optional<Item> item(long itemId) {
        return items.stream().filter(item -> item.id == itemId).findFirst();
    }

    List<Item> items(ItemKind kind) {
        return items.stream().filter(item -> item.kind == kind).toList();
    }

    long refundedAmount() {
        return refunds.stream().mapToLong(Refund::amount).sum();
    }

    Optional<Meta> meta(String key) {
        return meta.stream().filter(entry -> entry.key().equals(key)).findFirst();
    }

    /** Recomputes every line and the order totals, as WooCommerce's calculate_totals() does. */
    void recalculate(ShopRules rules, LongSupplier nextItemId) {
        List<Item> products = items(ItemKind.PRODUCT);
        List<Item> coupons = items(ItemKind.COUPON);
        long[] basis = new long[products.size()];
        for (int i = 0; i < products.size(); i++) {
            Item line = products.get(i);
            List<TaxRateSpec> rates = rules.ratesFor(line.taxClass);
            if (line.subtotalOverride != null) {
                line.subtotal = line.subtotalOverride;
                line.subtotalTaxes = WooTax.lineTaxes(rules, WooTax.exclusiveTaxes(line.subtotal, rates));
                basis[i] = line.subtotal;
            } else if (line.unitPriceIncludesTax) {
                long gross = WooTax.times(line.unitPrice, line.quantity);
                line.subtotalTaxes = WooTax.lineTaxes(rules, WooTax.inclusiveTaxes(gross, rates));
                line.subtotal = gross - ShopMoney.roundTax(WooTax.sum(line.subtotalTaxes));
                basis[i] = gross;
            } else {
                line.subtotal = WooTax.times(line.unitPrice, line.quantity);
                line.subtotalTaxes = WooTax.lineTaxes(rules, WooTax.exclusiveTaxes(line.subtotal, rates));
                basis[i] = line.subtotal;
            }
        }

        long[] discount = CouponDiscounts.applyCoupons(rules, coupons, basis);

        for (int i = 0; i < products.size(); i++) {
            Item line = products.get(i);
            List<TaxRateSpec> rates = rules.ratesFor(line.taxClass);
            if (discount[i] == 0 && line.totalOverride != null) {
                line.total = line.totalOverride;
                line.totalTaxes = WooTax.lineTaxes(rules, WooTax.exclusiveTaxes(line.total, rates));
            } else if (discount[i] == 0) {
                line.total = line.subtotal;
                line.totalTaxes = line.subtotalTaxes;
            } else if (line.unitPriceIncludesTax && line.subtotalOverride == null) {
                long gross = basis[i] - discount[i];
                line.totalTaxes = WooTax.lineTaxes(rules, WooTax.inclusiveTaxes(gross, rates));
                line.total = gross - ShopMoney.roundTax(WooTax.sum(line.totalTaxes));
            } else {
                line.total = line.subtotal - discount[i];
                line.totalTaxes = WooTax.lineTaxes(rules, WooTax.exclusiveTaxes(line.total, rates));
            }
            line.subtotalTax = ShopMoney.roundTax(WooTax.sum(line.subtotalTaxes));
            line.totalTax = ShopMoney.roundTax(WooTax.sum(line.totalTaxes));
        }
        for (Item line : items(ItemKind.SHIPPING)) {
            line.total = line.enteredTotal;
            line.subtotal = line.enteredTotal;
            line.totalTaxes = WooTax.lineTaxes(rules, WooTax.exclusiveTaxes(line.total, rules.shippingRates()));
            line.subtotalTaxes = line.totalTaxes;
            line.totalTax = ShopMoney.roundTax(WooTax.sum(line.totalTaxes));
        }
        for (Item line : items(ItemKind.FEE)) {
            line.total = line.enteredTotal;
            line.subtotal = line.enteredTotal;
            if (!line.taxable) {
                line.totalTaxes = Map.of();
            } else if (line.total < 0) {
                line.totalTaxes = WooTax.lineTaxes(rules, negativeFeeTaxes(rules, line));
            } else {
                line.totalTaxes = WooTax.lineTaxes(rules, WooTax.exclusiveTaxes(line.total, rules.ratesFor(line.taxClass)));
            }
            line.subtotalTaxes = line.totalTaxes;
            line.totalTax = ShopMoney.roundTax(WooTax.sum(line.totalTaxes));
        }

        discountTotal = products.stream().mapToLong(line -> line.subtotal - line.total).sum();
        discountTax = products.stream().mapToLong(line -> line.subtotalTax - line.totalTax).sum();
        CouponDiscounts.allocateCouponAmounts(coupons, discountTotal, discountTax);

        taxLineTotals.clear();
        for (TaxRateSpec rate : rules.taxRates()) {
            Integer rateId = rate.rateId();
            boolean used = items.stream().anyMatch(item -> item.totalTaxes.containsKey(rateId));
            if (!used) {
                continue;
            }
            long itemTax = items.stream().filter(item -> item.kind == ItemKind.PRODUCT || item.kind == ItemKind.FEE)
                    .mapToLong(item -> item.totalTaxes.getOrDefault(rateId, 0L)).sum();
            long shippingTaxUnits = items(ItemKind.SHIPPING).stream()
                    .mapToLong(item -> item.totalTaxes.getOrDefault(rateId, 0L)).sum();
            taxLineTotals.put(rateId, new long[] {ShopMoney.roundTax(itemTax), ShopMoney.roundTax(shippingTaxUnits)});
            taxLineIds.computeIfAbsent(rateId, unused -> nextItemId.getAsLong());
        }
        cartTax = taxLineTotals.values().stream().mapToLong(totals -> totals[0]).sum();
        shippingTax = taxLineTotals.values().stream().mapToLong(totals -> totals[1]).sum();
        shippingTotal = items(ItemKind.SHIPPING).stream().mapToLong(line -> line.total).sum();
        totalTax = cartTax + shippingTax;
        total = products.stream().mapToLong(line -> line.total).sum()
                + items(ItemKind.FEE).stream().mapToLong(line -> line.total).sum()
                + shippingTotal + totalTax;
    }

    /**
     * WC_Order_Item_Fee::calculate_taxes for a negative fee: "Negative fees should have the taxes
     * split between all items so it works as a true discount". The fee is divided over the order's
     * tax classes in proportion to what each costs (product, fee and shipping rows that are not
     * negative, ex tax; shipping in the shop's shipping tax class, untaxed rows as "non-taxable"),
     * and each class's part is taxed at its rates: -20.00 over 208.84 / 29.76 / 1.42 becomes
     * -4.35 at 25 %, -0.30 at 12 % and -0.01 at 6 % (real order 46).
     */
    private Map<Integer, Long> negativeFeeTaxes(ShopRules rules, Item fee) {
        // Cost per tax class; null is WooCommerce's "non-taxable", which takes its share untaxed.
        Map<String, Long> costs = new LinkedHashMap<>();
        for (Item item : items) {
            if (item == fee || item.kind == ItemKind.COUPON || item.total < 0) {
                continue;
            }
            String taxClass;
            if (item.kind == ItemKind.FEE && !item.taxable) {
                taxClass = null;
            } else if (item.kind == ItemKind.SHIPPING) {
                taxClass = rules.shippingTaxClass();
            } else {
                taxClass = item.taxClass;
            }
            costs.merge(taxClass, item.total, Long::sum);
        }
        long totalCost = costs.values().stream().mapToLong(Long::longValue).sum();
        Map<Integer, Long> taxes = new LinkedHashMap<>();
        if (totalCost == 0) {
            return taxes;
        }
        costs.forEach((taxClass, cost) -> {
            if (taxClass == null) {
                return;
            }
            BigDecimal part = BigDecimal.valueOf(fee.total).multiply(BigDecimal.valueOf(cost))
                    .divide(BigDecimal.valueOf(totalCost), WooTax.TAX_MATH);
            WooTax.exclusiveTaxes(part, rules.ratesFor(taxClass)).forEach((rateId, units) -> taxes.merge(rateId, units, Long::sum));
        });
        return taxes;
    }

    // ---------------------------------------------------------------- REST v3 JSON ({@link OrderJson})

    ObjectNode toJson(ShopRules rules, ZoneId siteZone, String restBase, Map<String, String> statusLabels) {
        return OrderJson.order(this, rules, siteZone, restBase, statusLabels);
    }

    ObjectNode refundJson(Refund refund, ShopMoney money, ZoneId siteZone, String restBase) {
        return OrderJson.refund(this, refund, money, siteZone, restBase);
    }

    ObjectNode noteJson(OrderNote note, ZoneId siteZone, String restBase) {
        return OrderJson.note(this, note, siteZone, restBase);
    }
}

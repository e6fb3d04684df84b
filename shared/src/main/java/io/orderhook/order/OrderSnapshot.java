package io.orderhook.order;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One order as the shop last described it, in shop-neutral terms. Money is in minor
 * units (öre/cents) of {@link #currency}. Built from a WooCommerce REST v3 order body
 * by {@code shop.woocommerce.WooOrderJson}; nothing here knows about WooCommerce.
 *
 * @param orderId          the shop's order id
 * @param status           the shop's status slug without any {@code wc-} prefix ("processing", "completed", "shipped", ...)
 * @param paymentMethod    the payment gateway id ("bco" for Billmate Checkout)
 * @param transactionId    the provider's payment number, or empty when the shop has none
 * @param currency         ISO 4217 code
 * @param dateModifiedGmt  when the shop last changed the order; orders snapshots in time
 * @param pricesIncludeTax whether the shop enters prices with tax
 * @param lines            products, shipping, fees (and coupons as negative lines where the shop sends them so)
 * @param taxRates         the shop's tax rates used by this order
 * @param total            grand total with tax
 * @param totalTax         total tax
 * @param refunds          refunds the shop has recorded, newest first as WooCommerce lists them
 * @param meta             order meta data (string values only) — provider numbers orderhook wrote back, etc.
 */
public record OrderSnapshot(
        String orderId,
        String status,
        String paymentMethod,
        String transactionId,
        String currency,
        Instant dateModifiedGmt,
        boolean pricesIncludeTax,
        List<OrderLine> lines,
        List<TaxRate> taxRates,
        long total,
        long totalTax,
        List<RefundRef> refunds,
        Map<String, String> meta) {

    public OrderSnapshot {
        lines = List.copyOf(lines);
        taxRates = List.copyOf(taxRates);
        refunds = List.copyOf(refunds);
        meta = Map.copyOf(meta);
    }
}

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
 * @param orderNumber      the order number the customer and the provider see (WooCommerce {@code number}; equal to
 *                         the id unless a sequential-numbers plugin changes it)
 * @param customer         billing and shipping, for providers that take them with an update
 * @param paymentUrl       WooCommerce's {@code payment_url}: the page where the customer can pay the order
 *                         (while it is pending or failed), or null
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
        Map<String, String> meta,
        String orderNumber,
        Customer customer,
        String paymentUrl) {

    public OrderSnapshot {
        lines = List.copyOf(lines);
        taxRates = List.copyOf(taxRates);
        refunds = List.copyOf(refunds);
        meta = Map.copyOf(meta);
        orderNumber = orderNumber == null || orderNumber.isBlank() ? orderId : orderNumber;
        customer = customer == null ? Customer.NONE : customer;
    }

    public OrderSnapshot(String orderId, String status, String paymentMethod, String transactionId, String currency,
            Instant dateModifiedGmt, boolean pricesIncludeTax, List<OrderLine> lines, List<TaxRate> taxRates,
            long total, long totalTax, List<RefundRef> refunds, Map<String, String> meta, String orderNumber,
            Customer customer) {
        this(orderId, status, paymentMethod, transactionId, currency, dateModifiedGmt, pricesIncludeTax, lines,
                taxRates, total, totalTax, refunds, meta, orderNumber, customer, null);
    }

    /** An order whose number is its id and whose customer is not known (tests, older bodies). */
    public OrderSnapshot(String orderId, String status, String paymentMethod, String transactionId, String currency,
            Instant dateModifiedGmt, boolean pricesIncludeTax, List<OrderLine> lines, List<TaxRate> taxRates,
            long total, long totalTax, List<RefundRef> refunds, Map<String, String> meta) {
        this(orderId, status, paymentMethod, transactionId, currency, dateModifiedGmt, pricesIncludeTax, lines,
                taxRates, total, totalTax, refunds, meta, orderId, Customer.NONE);
    }

    /** The same order as modified at another time (a shop clock bounded by the receipt time). */
    public OrderSnapshot withDateModifiedGmt(Instant modified) {
        return new OrderSnapshot(orderId, status, paymentMethod, transactionId, currency, modified, pricesIncludeTax,
                lines, taxRates, total, totalTax, refunds, meta, orderNumber, customer, paymentUrl);
    }

    /** The same order with another status (the status a retry stands for while the order shows the soft-decline status). */
    public OrderSnapshot withStatus(String newStatus) {
        return new OrderSnapshot(orderId, newStatus, paymentMethod, transactionId, currency, dateModifiedGmt, pricesIncludeTax,
                lines, taxRates, total, totalTax, refunds, meta, orderNumber, customer, paymentUrl);
    }
}

package io.orderhook.testkit.woocommerce;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.testkit.woocommerce.ShopOrder.Item;
import io.orderhook.testkit.woocommerce.ShopOrder.ItemKind;
import io.orderhook.testkit.woocommerce.ShopOrder.Meta;
import io.orderhook.testkit.woocommerce.ShopOrder.Refund;
import io.orderhook.testkit.woocommerce.ShopOrder.RefundLine;

/**
 * An order, its refunds and its notes as WooCommerce's REST API v3 writes them: the exact
 * fields, their order, and WooCommerce's strings for amounts, quantities and dates.
 */
final class OrderJson {
    private static final DateTimeFormatter WP_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private OrderJson() {}

    static ObjectNode order(ShopOrder order, ShopRules rules, ZoneId siteZone, String restBase, Map<String, String> statusLabels) {
        ShopMoney money = rules.money();
        ObjectNode json = PhpJson.MAPPER.createObjectNode();
        json.put("id", order.id);
        json.put("parent_id", 0);
        json.put("status", order.status);
        json.put("currency", order.currency);
        json.put("version", ShopSimulator.WOOCOMMERCE_VERSION);
        json.put("prices_include_tax", order.pricesIncludeTax);
        putDate(json, "date_created", order.created, siteZone);
        putDate(json, "date_modified", order.modified, siteZone);
        json.put("discount_total", money.format(order.discountTotal));
        json.put("discount_tax", money.format(order.discountTax));
        json.put("shipping_total", money.format(order.shippingTotal));
        json.put("shipping_tax", money.format(order.shippingTax));
        json.put("cart_tax", money.format(order.cartTax));
        json.put("total", money.format(order.total));
        json.put("total_tax", money.format(order.totalTax));
        json.put("customer_id", 0);
        json.put("order_key", order.orderKey);
        json.set("billing", order.billing.deepCopy());
        json.set("shipping", order.shipping.deepCopy());
        json.put("payment_method", order.paymentMethod);
        json.put("payment_method_title", order.paymentMethodTitle);
        json.put("transaction_id", order.transactionId);
        json.put("customer_ip_address", order.customerIp);
        json.put("customer_user_agent", "");
        json.put("created_via", order.createdVia);
        json.put("customer_note", order.customerNote);
        putDate(json, "date_completed", order.completed, siteZone);
        putDate(json, "date_paid", order.paid, siteZone);
        json.put("cart_hash", "");
        json.put("number", Long.toString(order.id));
        json.set("meta_data", metaJson(order.meta));
        ArrayNode lineItems = json.putArray("line_items");
        for (Item line : order.items(ItemKind.PRODUCT)) {
            ObjectNode node = lineItems.addObject();
            node.put("id", line.id);
            node.put("name", line.name);
            node.put("product_id", line.productId);
            node.put("variation_id", line.variationId);
            node.put("quantity", quantityJson(line.quantity));
            node.put("tax_class", line.taxClass);
            node.put("subtotal", money.format(line.subtotal));
            node.put("subtotal_tax", money.format(line.subtotalTax));
            node.put("total", money.format(line.total));
            node.put("total_tax", money.format(line.totalTax));
            node.set("taxes", taxesJson(money, line.totalTaxes, line.subtotalTaxes));
            node.set("meta_data", metaJson(line.meta));
            node.put("sku", line.sku);
            node.put("price", line.quantity.signum() == 0 ? BigDecimal.ZERO
                    : BigDecimal.valueOf(line.total, money.decimals())
                            .divide(line.quantity, 6, RoundingMode.HALF_UP).stripTrailingZeros());
            ObjectNode image = node.putObject("image");
            image.put("id", "");
            image.put("src", "");
            node.putNull("parent_name");
        }
        ArrayNode taxLines = json.putArray("tax_lines");
        order.taxLineTotals.forEach((rateId, totals) -> {
            TaxRateSpec rate = rules.rate(rateId).orElseThrow();
            ObjectNode node = taxLines.addObject();
            node.put("id", order.taxLineIds.get(rateId));
            node.put("rate_code", rate.rateCode());
            node.put("rate_id", rate.rateId());
            node.put("label", rate.label());
            node.put("compound", rate.compound());
            node.put("tax_total", money.format(totals[0]));
            node.put("shipping_tax_total", money.format(totals[1]));
            node.put("rate_percent", rate.percent().stripTrailingZeros());
            node.putArray("meta_data");
        });
        ArrayNode shippingLines = json.putArray("shipping_lines");
        for (Item line : order.items(ItemKind.SHIPPING)) {
            ObjectNode node = shippingLines.addObject();
            node.put("id", line.id);
            node.put("method_title", line.methodTitle);
            node.put("method_id", line.methodId);
            node.put("instance_id", "");
            node.put("total", money.format(line.total));
            node.put("total_tax", money.format(line.totalTax));
            node.set("taxes", taxesJson(money, line.totalTaxes, null));
            node.set("meta_data", metaJson(line.meta));
        }
        ArrayNode feeLines = json.putArray("fee_lines");
        for (Item line : order.items(ItemKind.FEE)) {
            ObjectNode node = feeLines.addObject();
            node.put("id", line.id);
            node.put("name", line.name);
            node.put("tax_class", line.taxClass);
            node.put("tax_status", line.taxable ? "taxable" : "none");
            node.put("amount", money.format(line.enteredTotal));
            node.put("total", money.format(line.total));
            node.put("total_tax", money.format(line.totalTax));
            node.set("taxes", taxesJson(money, line.totalTaxes, null));
            node.set("meta_data", metaJson(line.meta));
        }
        ArrayNode couponLines = json.putArray("coupon_lines");
        for (Item line : order.items(ItemKind.COUPON)) {
            ObjectNode node = couponLines.addObject();
            node.put("id", line.id);
            node.put("code", line.couponCode);
            node.put("discount", money.format(line.couponDiscount));
            node.put("discount_tax", money.format(line.couponDiscountTax));
            node.set("meta_data", metaJson(line.meta));
        }
        ArrayNode refundList = json.putArray("refunds");
        for (int i = order.refunds.size() - 1; i >= 0; i--) {
            Refund refund = order.refunds.get(i);
            ObjectNode node = refundList.addObject();
            node.put("id", refund.id());
            node.put("reason", refund.reason());
            // '-' . wc_format_decimal(amount): WooCommerce's own zero refund is listed as "-0.00".
            node.put("total", "-" + money.format(refund.amount()));
        }
        json.put("payment_url", restBase.replace("/wp-json/wc/v3", "") + "/checkout/order-pay/" + order.id
                + "/?pay_for_order=true&key=" + order.orderKey);
        json.put("is_editable", ShopSimulator.EDITABLE_STATUSES.contains(order.status));
        json.put("needs_payment", "pending".equals(order.status) || "failed".equals(order.status));
        json.put("needs_processing", true);
        putGmtDate(json, "date_created_gmt", order.created);
        putGmtDate(json, "date_modified_gmt", order.modified);
        putGmtDate(json, "date_completed_gmt", order.completed);
        putGmtDate(json, "date_paid_gmt", order.paid);
        json.put("currency_symbol", order.currency);
        json.set("_links", links(restBase + "/orders/" + order.id, restBase + "/orders", null));
        return json;
    }

    static ObjectNode refund(ShopOrder order, Refund refund, ShopMoney money, ZoneId siteZone, String restBase) {
        ObjectNode json = PhpJson.MAPPER.createObjectNode();
        json.put("id", refund.id());
        putDate(json, "date_created", refund.created(), siteZone);
        putGmtDate(json, "date_created_gmt", refund.created());
        json.put("amount", money.format(refund.amount()));
        json.put("reason", refund.reason());
        json.put("refunded_by", 1);
        json.put("refunded_payment", refund.refundedPayment());
        json.putArray("meta_data");
        ArrayNode lineItems = json.putArray("line_items");
        ArrayNode shippingLines = json.putArray("shipping_lines");
        ArrayNode feeLines = json.putArray("fee_lines");
        for (RefundLine line : refund.lines()) {
            Map<Integer, Long> negativeTaxes = new LinkedHashMap<>();
            line.taxes().forEach((rateId, minor) -> negativeTaxes.put(rateId, ShopMoney.toTaxUnits(-minor)));
            ObjectNode node;
            if (line.kind() == ItemKind.SHIPPING) {
                node = shippingLines.addObject();
                node.put("id", line.id());
                node.put("method_title", line.methodTitle());
                node.put("method_id", line.methodId());
                node.put("total", money.format(-line.total()));
                node.put("total_tax", money.format(-line.totalTax()));
                node.set("taxes", taxesJson(money, negativeTaxes, null));
            } else if (line.kind() == ItemKind.FEE) {
                node = feeLines.addObject();
                node.put("id", line.id());
                node.put("name", line.name());
                node.put("tax_class", line.taxClass());
                node.put("total", money.format(-line.total()));
                node.put("total_tax", money.format(-line.totalTax()));
                node.set("taxes", taxesJson(money, negativeTaxes, null));
            } else {
                node = lineItems.addObject();
                node.put("id", line.id());
                node.put("name", line.name());
                node.put("product_id", line.productId());
                node.put("variation_id", line.variationId());
                node.put("quantity", quantityJson(line.quantity().negate()));
                node.put("tax_class", line.taxClass());
                // WooCommerce stores a refunded row's subtotal equal to its total.
                node.put("subtotal", money.format(-line.total()));
                node.put("subtotal_tax", money.format(-line.totalTax()));
                node.put("total", money.format(-line.total()));
                node.put("total_tax", money.format(-line.totalTax()));
                node.set("taxes", taxesJson(money, negativeTaxes, negativeTaxes));
            }
            ArrayNode lineMeta = node.putArray("meta_data");
            ObjectNode refundedItem = lineMeta.addObject();
            refundedItem.put("id", line.metaId());
            refundedItem.put("key", "_refunded_item_id");
            refundedItem.put("value", Long.toString(line.refundedItemId()));
            if (line.kind() == ItemKind.PRODUCT) {
                node.put("sku", line.sku());
                node.put("price", line.quantity().signum() == 0 ? BigDecimal.ZERO
                        : BigDecimal.valueOf(-line.total(), money.decimals())
                                .divide(line.quantity(), 6, RoundingMode.HALF_UP)
                                .stripTrailingZeros());
                ObjectNode image = node.putObject("image");
                image.put("id", "");
                image.put("src", "");
                node.putNull("parent_name");
            }
        }
        String self = restBase + "/orders/" + order.id + "/refunds/" + refund.id();
        json.set("_links", links(self, restBase + "/orders/" + order.id + "/refunds", restBase + "/orders/" + order.id));
        return json;
    }

    static ObjectNode note(ShopOrder order, OrderNote note, ZoneId siteZone, String restBase) {
        ObjectNode json = PhpJson.MAPPER.createObjectNode();
        json.put("id", note.id());
        json.put("author", note.author());
        putDate(json, "date_created", note.dateCreatedGmt(), siteZone);
        putGmtDate(json, "date_created_gmt", note.dateCreatedGmt());
        json.put("note", note.note());
        json.put("customer_note", note.customerNote());
        String self = restBase + "/orders/" + order.id + "/notes/" + note.id();
        json.set("_links", links(self, restBase + "/orders/" + order.id + "/notes", restBase + "/orders/" + order.id));
        return json;
    }

    /**
     * A row's taxes per rate as WooCommerce 10's REST API writes them: each with the order.currency's
     * decimals ("5.00" for the 4.9975 a shop that rounds at subtotal keeps; real order 61).
     */
    private static ArrayNode taxesJson(ShopMoney money, Map<Integer, Long> totals, Map<Integer, Long> subtotals) {
        ArrayNode taxes = PhpJson.MAPPER.createArrayNode();
        totals.forEach((rateId, units) -> {
            ObjectNode tax = taxes.addObject();
            tax.put("id", rateId);
            tax.put("total", money.format(ShopMoney.roundTax(units)));
            tax.put("subtotal", subtotals == null ? ""
                    : money.format(ShopMoney.roundTax(subtotals.getOrDefault(rateId, 0L))));
        });
        return taxes;
    }

    /** 3 as 3, 3.5 as 3.5: WooCommerce writes whole quantities as integers. */
    static BigDecimal quantityJson(BigDecimal quantity) {
        BigDecimal plain = quantity.stripTrailingZeros();
        return plain.scale() < 0 ? plain.setScale(0) : plain;
    }

    static ArrayNode metaJson(List<Meta> meta) {
        ArrayNode array = PhpJson.MAPPER.createArrayNode();
        for (Meta entry : meta) {
            ObjectNode node = array.addObject();
            node.put("id", entry.id());
            node.put("key", entry.key());
            node.set("value", entry.value().deepCopy());
        }
        return array;
    }

    private static ObjectNode links(String self, String collection, String up) {
        ObjectNode links = PhpJson.MAPPER.createObjectNode();
        links.putArray("self").addObject().put("href", self);
        links.putArray("collection").addObject().put("href", collection);
        if (up != null) {
            links.putArray("up").addObject().put("href", up);
        }
        return links;
    }

    private static void putDate(ObjectNode json, String field, Instant instant, ZoneId zone) {
        if (instant == null) {
            json.putNull(field);
        } else {
            json.put(field, WP_DATE.format(LocalDateTime.ofInstant(instant, zone)));
        }
    }

    private static void putGmtDate(ObjectNode json, String field, Instant instant) {
        putDate(json, field, instant, ZoneOffset.UTC);
    }
}

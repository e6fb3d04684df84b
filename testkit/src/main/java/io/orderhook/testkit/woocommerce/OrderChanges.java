package io.orderhook.testkit.woocommerce;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.orderhook.testkit.woocommerce.ShopOrder.Item;
import io.orderhook.testkit.woocommerce.ShopOrder.ItemKind;

/**
 * What a REST v3 order body changes in an order, as WC_REST_Orders_Controller reads it: the
 * order's own fields, addresses and meta, and its rows (products, shipping, fees, coupons), added,
 * changed or removed. Runs under the shop's lock.
 */
final class OrderChanges {
    private final ShopRules rules;
    private final Map<Long, ProductSpec> products;
    private final AtomicLong itemIds;
    private final AtomicLong metaIds;

    OrderChanges(ShopRules rules, Map<Long, ProductSpec> products, AtomicLong itemIds, AtomicLong metaIds) {
        this.rules = rules;
        this.products = products;
        this.itemIds = itemIds;
        this.metaIds = metaIds;
    }

    void applyOrderFields(ShopOrder order, JsonNode body) {
        if (body.has("payment_method")) {
            order.paymentMethod = body.get("payment_method").asText("");
        }
        if (body.has("payment_method_title")) {
            order.paymentMethodTitle = body.get("payment_method_title").asText("");
        }
        if (body.has("transaction_id")) {
            order.transactionId = body.get("transaction_id").asText("");
        }
        if (body.has("customer_note")) {
            order.customerNote = body.get("customer_note").asText("");
        }
        mergeAddress(order.billing, body.get("billing"), true);
        mergeAddress(order.shipping, body.get("shipping"), false);
        for (JsonNode entry : body.path("meta_data")) {
            String key = entry.path("key").asText("");
            JsonNode value = entry.has("value") ? entry.get("value") : TextNode.valueOf("");
            Optional<ShopOrder.Meta> existing = entry.has("id")
                    ? order.meta.stream().filter(m -> m.id() == entry.get("id").asLong()).findFirst()
                    : order.meta(key);
            if (existing.isPresent()) {
                int index = order.meta.indexOf(existing.get());
                order.meta.set(index, new ShopOrder.Meta(existing.get().id(), key, value.deepCopy()));
            } else if (!key.isEmpty()) {
                order.meta.add(new ShopOrder.Meta(metaIds.getAndIncrement(), key, value.deepCopy()));
            }
        }
    }

    private static void mergeAddress(ObjectNode address, JsonNode update, boolean billing) {
        List<String> fields = new ArrayList<>(List.of("first_name", "last_name", "company", "address_1", "address_2",
                "city", "state", "postcode", "country"));
        if (billing) {
            fields.addAll(List.of("email", "phone"));
        } else {
            fields.add("phone");
        }
        for (String field : fields) {
            if (update != null && update.has(field)) {
                address.put(field, update.get(field).asText(""));
            } else if (!address.has(field)) {
                address.put(field, "");
            }
        }
    }

    /** Applies line_items, shipping_lines, fee_lines and coupon_lines; answers whether any was given. */
    boolean applyItems(ShopOrder order, JsonNode body) {
        boolean changed = false;
        for (JsonNode line : body.path("line_items")) {
            changed = true;
            Optional<Item> existing = line.has("id") ? order.item(line.get("id").asLong()) : Optional.empty();
            if (line.has("id") && existing.isEmpty()) {
                throw new RestError(400, "woocommerce_rest_invalid_item_id", "Order item ID provided is not associated with order.");
            }
            boolean remove = (line.has("quantity") && quantity(line.get("quantity")).signum() == 0)
                    || (line.has("product_id") && line.get("product_id").isNull());
            if (existing.isPresent() && remove) {
                order.items.remove(existing.get());
                continue;
            }
            Item item = existing.orElseGet(() -> {
                Item created = new Item(itemIds.getAndIncrement(), ItemKind.PRODUCT);
                created.unitPriceIncludesTax = order.pricesIncludeTax;
                order.items.add(created);
                return created;
            });
            applyProductLine(order, item, line, existing.isEmpty());
        }
        for (JsonNode line : body.path("shipping_lines")) {
            changed = true;
            Item item = existingOrNew(order, line, ItemKind.SHIPPING);
            if (line.has("method_id") && line.get("method_id").isNull()) {
                order.items.remove(item);
                continue;
            }
            item.methodId = line.path("method_id").asText(item.methodId);
            item.methodTitle = line.path("method_title").asText(item.methodTitle);
            if (line.has("total")) {
                item.enteredTotal = rules.money().parse(line.get("total"));
            }
            readItemMeta(item, line);
        }
        for (JsonNode line : body.path("fee_lines")) {
            changed = true;
            Item item = existingOrNew(order, line, ItemKind.FEE);
            if (line.has("name") && line.get("name").isNull()) {
                order.items.remove(item);
                continue;
            }
            item.name = line.path("name").asText(item.name);
            item.taxClass = line.path("tax_class").asText(item.taxClass);
            item.taxable = !"none".equals(line.path("tax_status").asText(item.taxable ? "taxable" : "none"));
            if (line.has("total")) {
                item.enteredTotal = rules.money().parse(line.get("total"));
            }
            readItemMeta(item, line);
        }
        for (JsonNode line : body.path("coupon_lines")) {
            changed = true;
            Item item = existingOrNew(order, line, ItemKind.COUPON);
            if (line.has("code") && line.get("code").isNull()) {
                order.items.remove(item);
                continue;
            }
            String code = line.path("code").asText(item.couponCode).toLowerCase(Locale.ROOT);
            if (rules.coupon(code).isEmpty()) {
                order.items.remove(item);
                throw new RestError(400, "woocommerce_rest_invalid_coupon", "Coupon \"" + code + "\" does not exist!");
            }
            item.couponCode = code;
        }
        return changed;
    }

    private Item existingOrNew(ShopOrder order, JsonNode line, ItemKind kind) {
        if (line.has("id")) {
            return order.item(line.get("id").asLong()).filter(item -> item.kind == kind)
                    .orElseThrow(() -> new RestError(400, "woocommerce_rest_invalid_item_id",
                            "Order item ID provided is not associated with order."));
        }
        Item created = new Item(itemIds.getAndIncrement(), kind);
        order.items.add(created);
        return created;
    }

    private void applyProductLine(ShopOrder order, Item item, JsonNode line, boolean isNew) {
        ShopMoney money = rules.money();
        Optional<ProductSpec> product = Optional.empty();
        if (line.hasNonNull("product_id") && line.get("product_id").asLong() != 0) {
            long productId = line.get("product_id").asLong();
            product = Optional.ofNullable(products.get(productId));
            boolean pricedHere = line.has("price") || line.has("subtotal") || line.has("total");
            if (product.isEmpty() && !pricedHere && (isNew || productId != item.productId)) {
                throw new RestError(400, "woocommerce_rest_invalid_product_id", "Product ID provided is invalid.");
            }
            item.productId = productId;
        } else if (line.hasNonNull("sku") && isNew) {
            String sku = line.get("sku").asText();
            product = products.values().stream().filter(p -> p.sku().equals(sku)).findFirst();
            product.ifPresent(p -> item.productId = p.productId());
        }
        product.ifPresent(p -> {
            item.name = p.name();
            item.sku = p.sku();
            item.taxClass = p.taxClass();
            item.unitPrice = money.parse(p.price());
            item.unitPriceIncludesTax = order.pricesIncludeTax;
            item.subtotalOverride = null;
            item.totalOverride = null;
        });
        item.variationId = line.path("variation_id").asLong(item.variationId);
        item.name = line.path("name").asText(item.name);
        item.sku = line.path("sku").asText(item.sku);
        item.taxClass = line.path("tax_class").asText(item.taxClass);
        if (line.has("quantity")) {
            BigDecimal quantity = quantity(line.get("quantity"));
            if (quantity.compareTo(item.quantity) != 0 && item.subtotalOverride != null && item.quantity.signum() != 0) {
                // The explicit totals were for the old quantity: carry on from their unit price.
                item.unitPrice = BigDecimal.valueOf(item.subtotalOverride).divide(item.quantity, 0, RoundingMode.DOWN)
                        .longValueExact();
                item.unitPriceIncludesTax = false;
                item.subtotalOverride = null;
                item.totalOverride = null;
            }
            item.quantity = quantity;
        }
        if (line.has("price")) {
            // Not writable in WooCommerce (it comes from the product); the simulator accepts it so tests
            // can add a row without a catalog. It follows the shop's prices-include-tax setting.
            item.unitPrice = money.parse(line.get("price"));
            item.unitPriceIncludesTax = order.pricesIncludeTax;
            item.subtotalOverride = null;
            item.totalOverride = null;
        }
        if (line.has("subtotal") || line.has("total")) {
            JsonNode subtotal = line.has("subtotal") ? line.get("subtotal") : line.get("total");
            JsonNode total = line.has("total") ? line.get("total") : line.get("subtotal");
            item.subtotalOverride = money.parse(subtotal);
            item.totalOverride = money.parse(total);
        }
        readItemMeta(item, line);
        if (item.quantity.signum() <= 0) {
            throw new RestError(400, "woocommerce_rest_invalid_quantity", "Quantity must be a positive number.");
        }
    }

    /** A row's quantity: whole in WooCommerce core, decimal (3.5) with a plugin that sells by weight or length. */
    static BigDecimal quantity(JsonNode value) {
        try {
            return value.isNumber() ? value.decimalValue() : new BigDecimal(value.asText().trim());
        } catch (NumberFormatException e) {
            throw new RestError(400, "rest_invalid_param", "Invalid parameter(s): quantity");
        }
    }

    private void readItemMeta(Item item, JsonNode line) {
        for (JsonNode entry : line.path("meta_data")) {
            String key = entry.path("key").asText("");
            JsonNode value = entry.path("value");
            item.meta.removeIf(m -> m.key().equals(key));
            item.meta.add(new ShopOrder.Meta(metaIds.getAndIncrement(), key,
                    value.getNodeType() == JsonNodeType.MISSING ? TextNode.valueOf("") : value.deepCopy()));
        }
    }
}

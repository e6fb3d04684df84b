package io.orderhook.fraud;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import com.maxmind.minfraud.request.Billing;
import com.maxmind.minfraud.request.Device;
import com.maxmind.minfraud.request.Email;
import com.maxmind.minfraud.request.Event;
import com.maxmind.minfraud.request.Order;
import com.maxmind.minfraud.request.Payment;
import com.maxmind.minfraud.request.Shipping;
import com.maxmind.minfraud.request.ShoppingCartItem;
import com.maxmind.minfraud.request.Transaction;

import io.orderhook.order.Customer.Address;
import io.orderhook.order.Money;
import io.orderhook.order.OrderLine;
import io.orderhook.order.OrderSnapshot;

/**
 * The minFraud request for an order: what the screening needs and no more personal data. Sent:
 * the customer's IP address; the e-mail address only as minFraud's MD5 form (normalised and
 * hashed by the client) with its domain; the billing and shipping street, city, postal code and
 * country, without names, company or phone; the order's number, amount and currency; each
 * product line's SKU, quantity and unit price; the payment processor. minFraud's Basic
 * authentication carries the account id and licence key.
 */
public final class FraudTransaction {
    /** The fields sent, as minFraud's JSON names them; a test compares the request with this list. */
    public static final List<String> FIELDS = List.of("device.ip_address", "email.address", "email.domain",
            "billing.address", "billing.address_2", "billing.city", "billing.postal", "billing.country",
            "shipping.address", "shipping.address_2", "shipping.city", "shipping.postal", "shipping.country",
            "event.transaction_id", "event.shop_id", "event.type", "order.amount", "order.currency",
            "shopping_cart[].item_id", "shopping_cart[].quantity", "shopping_cart[].price", "payment.processor");

    private FraudTransaction() {}

    /**
     * @param customerIp the IP address the order was placed from (WooCommerce's {@code customer_ip_address}), or empty
     * @throws IllegalArgumentException when the order carries no usable IP address: minFraud's client needs one
     */
    public static Transaction of(String shopId, OrderSnapshot order, String customerIp) {
        Transaction.Builder t = new Transaction.Builder(new Device.Builder(address(customerIp)).build());
        String email = order.customer().email().trim();
        int at = email.lastIndexOf('@');
        if (at > 0) {
            try {
                t.email(new Email.Builder().address(email).hashAddress()
                        .domain(email.substring(at + 1).toLowerCase(Locale.ROOT)).build());
            } catch (IllegalArgumentException unusable) {
                // An address the client will not take is left out; the rest still screens the order.
            }
        }
        Billing.Builder billing = new Billing.Builder();
        location(order.customer().billing(), billing::address, billing::address2, billing::city, billing::postal,
                billing::country);
        t.billing(billing.build());
        if (!order.customer().shipping().isEmpty()) {
            Shipping.Builder shipping = new Shipping.Builder();
            location(order.customer().shipping(), shipping::address, shipping::address2, shipping::city, shipping::postal,
                    shipping::country);
            t.shipping(shipping.build());
        }
        t.event(new Event.Builder().transactionId(order.orderNumber()).shopId(shopId).type(Event.Type.PURCHASE).build());
        int decimals = Money.decimals(order.currency());
        t.order(new Order.Builder().amount(decimal(order.total(), decimals)).currency(order.currency()).build());
        for (OrderLine line : order.lines()) {
            if (line.kind() == OrderLine.LineKind.PRODUCT && line.quantity().signum() > 0) {
                ShoppingCartItem.Builder item = new ShoppingCartItem.Builder()
                        .quantity(line.quantity().intValue())
                        .price(decimal(line.total() + line.totalTax(), decimals)
                                .divide(line.quantity(), decimals, java.math.RoundingMode.HALF_UP));
                if (line.sku() != null && !line.sku().isBlank()) {
                    item.itemId(line.sku());
                }
                t.addShoppingCartItem(item.build());
            }
        }
        t.payment(new Payment.Builder().processor(processor(order.paymentMethod())).build());
        return t.build();
    }

    /** The address's street, city, postal code and country, each only when the order has it. */
    private static void location(Address a, Consumer<String> street, Consumer<String> street2, Consumer<String> city,
            Consumer<String> postal, Consumer<String> country) {
        setIfPresent(street, a.street());
        setIfPresent(street2, a.street2());
        setIfPresent(city, a.city());
        setIfPresent(postal, a.zip());
        if (a.country().matches("[A-Z]{2}")) {
            country.accept(a.country());
        }
    }

    private static void setIfPresent(Consumer<String> field, String value) {
        if (value != null && !value.isBlank()) {
            field.accept(value);
        }
    }

    private static InetAddress address(String ip) {
        if (ip == null || !ip.matches("[0-9a-fA-F:.]{2,45}")) {
            throw new IllegalArgumentException("the order carries no customer IP address");
        }
        try {
            return InetAddress.getByName(ip);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("the order's customer IP address is not an IP address");
        }
    }

    private static BigDecimal decimal(long minor, int decimals) {
        return BigDecimal.valueOf(minor, decimals);
    }

    /** The processors minFraud's list names; Billmate (Qvickly) is not among them. */
    private static Payment.Processor processor(String paymentMethod) {
        String method = paymentMethod.toLowerCase(Locale.ROOT);
        if (method.contains("klarna") || method.equals("kco")) {
            return Payment.Processor.KLARNA;
        }
        return method.contains("stripe") ? Payment.Processor.STRIPE : Payment.Processor.OTHER;
    }
}

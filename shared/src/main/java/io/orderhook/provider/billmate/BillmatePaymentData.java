package io.orderhook.provider.billmate;

import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.order.Customer;
import io.orderhook.order.Customer.Address;
import io.orderhook.order.OrderSnapshot;

/**
 * updatePayment's {@code PaymentData} and {@code Customer} for an order. Billmate requires
 * currency, language, country and order id in PaymentData (9103) and the billing e-mail in
 * Customer (9104, all methods but card and bank); the incumbent plugins send the order's billing
 * and shipping addresses with every update, and so do we. Text is kept within ISO-8859-1 and 255
 * characters ({@link BillmateText}), as Billmate converts it before checking the hash.
 */
public final class BillmatePaymentData {
    private BillmatePaymentData() {}

    /** The languages Billmate's invoices and receipts come in (PaymentData.language). */
    public static final Set<String> LANGUAGES = Set.of("sv", "da", "no", "en");

    /**
     * Writes {@code PaymentData} ({@code number, currency, country, language, orderid}, the order
     * NUMBER the customer sees as orderid) and {@code Customer} ({@code Billing} with the e-mail,
     * {@code Shipping} when the order has a shipping address) into {@code data}, before the cart's
     * {@code Articles} and {@code Cart}, in the key order of Billmate's example.
     *
     * @param defaultLanguage the shop's language for orders that do not name one Billmate has ("sv")
     * @param defaultCountry  the shop's country for orders without a billing country ("SE")
     */
    public static void writeUpdateTo(ObjectNode data, String number, OrderSnapshot order, String defaultLanguage,
            String defaultCountry) {
        Customer customer = order.customer();
        data.putObject("PaymentData")
                .put("number", number)
                .put("currency", order.currency())
                .put("country", country(customer.billing().country(), defaultCountry))
                .put("language", language(customer.language(), defaultLanguage))
                .put("orderid", text(order.orderNumber()));
        writeCustomerTo(data, order, defaultCountry);
    }

    /** {@code Customer: {Billing, Shipping}} of the order; Shipping only when the order has its own address. */
    public static void writeCustomerTo(ObjectNode data, OrderSnapshot order, String defaultCountry) {
        Customer customer = order.customer();
        ObjectNode node = data.putObject("Customer");
        ObjectNode billing = address(node.putObject("Billing"), customer.billing(), defaultCountry);
        billing.put("email", text(customer.email()));
        if (!customer.shipping().isEmpty()) {
            address(node.putObject("Shipping"), customer.shipping(), country(customer.billing().country(), defaultCountry));
        }
    }

    private static ObjectNode address(ObjectNode node, Address address, String defaultCountry) {
        return node.put("firstname", text(address.firstName()))
                .put("lastname", text(address.lastName()))
                .put("company", text(address.company()))
                .put("street", text(address.street()))
                .put("street2", text(address.street2()))
                .put("zip", text(address.zip()))
                .put("city", text(address.city()))
                .put("country", country(address.country(), defaultCountry))
                .put("phone", text(address.phone()));
    }

    /** ISO 3166-1 alpha-2 as Billmate wants it ("SE"); anything else is the shop's default. */
    static String country(String country, String defaultCountry) {
        String code = country == null ? "" : country.trim().toUpperCase(Locale.ROOT);
        return code.matches("[A-Z]{2}") ? code : defaultCountry;
    }

    /** "sv_SE", "sv-SE", "SV" -> "sv"; Norwegian Bokmål and Nynorsk are Billmate's "no"; others the default. */
    static String language(String language, String defaultLanguage) {
        String code = language == null ? "" : language.trim().toLowerCase(Locale.ROOT);
        if (code.length() > 2 && (code.charAt(2) == '_' || code.charAt(2) == '-')) {
            code = code.substring(0, 2);
        }
        if (code.equals("nb") || code.equals("nn")) {
            code = "no";
        }
        return LANGUAGES.contains(code) ? code : defaultLanguage;
    }

    private static String text(String value) {
        return BillmateText.latin1(value, 255);
    }
}

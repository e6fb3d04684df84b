package io.orderhook.provider.billmate;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.order.Customer;
import io.orderhook.order.Customer.Address;
import io.orderhook.order.OrderSnapshot;

/**
 * {@code PaymentData} and {@code Customer} of an updatePayment request. Billmate refuses an
 * update without currency, language, country and order id (9103) or without the customer's
 * e-mail (9104); its own plugins send the order number as orderid and the order's billing and
 * shipping addresses. Personal data: written only into the request, never logged (the call
 * listener redacts it, see {@link BillmateRedaction}).
 */
final class BillmatePaymentData {
    private BillmatePaymentData() {}

    /** The country when the order names none: Billmate's own market. */
    static final String DEFAULT_COUNTRY = "SE";

    static void write(ObjectNode data, String number, OrderSnapshot order, String defaultLanguage) {
        Customer customer = order.customer();
        String country = !customer.billing().country().isBlank() ? customer.billing().country()
                : !customer.shipping().country().isBlank() ? customer.shipping().country() : DEFAULT_COUNTRY;
        String language = customer.language().isBlank() ? defaultLanguage : customer.language();
        data.putObject("PaymentData")
                .put("number", number)
                .put("currency", order.currency())
                .put("language", language)
                .put("country", country)
                .put("orderid", BillmateText.latin1(order.orderNumber(), 255));
        ObjectNode written = data.putObject("Customer");
        address(written.putObject("Billing"), customer.billing()).put("email", BillmateText.latin1(customer.email(), 255));
        if (!customer.shipping().isEmpty()) {
            address(written.putObject("Shipping"), customer.shipping());
        }
    }

    private static ObjectNode address(ObjectNode node, Address address) {
        return node.put("firstname", BillmateText.latin1(address.firstName(), 255))
                .put("lastname", BillmateText.latin1(address.lastName(), 255))
                .put("company", BillmateText.latin1(address.company(), 255))
                .put("street", BillmateText.latin1(address.street(), 255))
                .put("street2", BillmateText.latin1(address.street2(), 255))
                .put("zip", BillmateText.latin1(address.zip(), 255))
                .put("city", BillmateText.latin1(address.city(), 255))
                .put("country", address.country())
                .put("phone", BillmateText.latin1(address.phone(), 255));
    }
}

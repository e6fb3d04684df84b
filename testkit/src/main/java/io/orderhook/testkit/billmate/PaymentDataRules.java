package io.orderhook.testkit.billmate;

import static io.orderhook.testkit.billmate.BillmateFields.absent;
import static io.orderhook.testkit.billmate.CartRules.violation;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.orderhook.testkit.billmate.CartRules.Violation;

/**
 * Billmate's checks of who pays and how: a request's {@code PaymentData} (currency, language,
 * country, order id) and {@code Customer} (the e-mail address, the addresses' countries), with the
 * codes Billmate answers (Snippets-Request.md, API-Error-codes.md). Written from the documents; it
 * shares no code with the client's mapping.
 */
public final class PaymentDataRules {
    private PaymentDataRules() {}

    /** The currencies and languages PaymentData may name (Snippets-Request, PaymentData). */
    public static final Set<String> CURRENCIES = Set.of("SEK", "DKK", "NOK", "GBP", "EUR", "USD");
    public static final Set<String> LANGUAGES = Set.of("sv", "da", "no", "en");

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    /**
     * 9103 when {@code PaymentData} lacks currency, language, country or order id (updatePayment and
     * addPayment), or names one Billmate does not support. Choice: an unsupported currency,
     * language or a country that is not two letters is 9103 too (the page lists the supported
     * values but no code).
     */
    public static Optional<Violation> checkPaymentData(JsonNode data) {
        JsonNode paymentData = data.path("PaymentData");
        for (String field : new String[] {"currency", "language", "country", "orderid"}) {
            if (paymentData.path(field).asText("").isBlank()) {
                return violation("9103", "Currency, language, country and order id are mandatory: PaymentData." + field
                        + " is missing");
            }
        }
        String currency = paymentData.path("currency").asText();
        if (!CURRENCIES.contains(currency)) {
            return violation("9103", "PaymentData.currency " + currency + " is not one of " + CURRENCIES);
        }
        String language = paymentData.path("language").asText();
        if (!LANGUAGES.contains(language)) {
            return violation("9103", "PaymentData.language " + language + " is not one of " + LANGUAGES);
        }
        if (!paymentData.path("country").asText().matches("[A-Z]{2}")) {
            return violation("9103", "PaymentData.country must be ISO 3166-1 alpha-2, was " + paymentData.path("country"));
        }
        return CartRules.longString(data, "data");
    }

    /**
     * 9104 when {@code Customer.Billing.email} is missing, "required for all methods (except
     * card/bank)"; 9200 when it is not an e-mail address. {@code method} is the payment's
     * Billmate method (8 card, 16 bank).
     */
    public static Optional<Violation> checkCustomer(JsonNode data, int method) {
        String email = data.path("Customer").path("Billing").path("email").asText("");
        if (email.isBlank()) {
            if (method == 8 || method == 16) {
                return Optional.empty();
            }
            return violation("9104", "Email is mandatory: Customer.Billing.email is missing");
        }
        if (!EMAIL.matcher(email).matches()) {
            return violation("9200", "Email is invalid: Customer.Billing.email");
        }
        for (String address : new String[] {"Billing", "Shipping"}) {
            JsonNode country = data.path("Customer").path(address).path("country");
            if (!absent(country) && !country.asText().isEmpty() && !country.asText().matches("[A-Z]{2}")) {
                // Choice: "Country code ... according to ISO 3166-1 alpha-2"; a country name is refused.
                return violation("9005", "Customer." + address + ".country must be ISO 3166-1 alpha-2, was " + country);
            }
        }
        return Optional.empty();
    }
}

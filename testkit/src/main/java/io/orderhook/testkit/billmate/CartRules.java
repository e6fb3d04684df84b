package io.orderhook.testkit.billmate;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Billmate's checks of a request's {@code Articles}, {@code Cart}, {@code PaymentData} and
 * {@code Customer}, with the error codes Billmate answers, as the API pages state them
 * (Snippets-Request.md, API-Error-codes.md, Data-types.md, creditPayment.md). Where a page is
 * silent or ambiguous, the stricter reading is taken and marked "Choice:" below; docs/PROVIDERS.md
 * lists every rule with where the client honours it.
 *
 * <p>Written from the documents for the sandbox; it shares no code with the client's cart mapping
 * ({@code io.orderhook.provider.billmate.BillmateCart}), so a misreading in one shows as a refusal.
 */
public final class CartRules {
    private CartRules() {}

    /** A broken rule: Billmate's code and a message saying what was wrong. */
    public record Violation(String code, String message) {}

    /** A Swedish account's standard VAT rates: the only rates a discount (negative) row may have. */
    public static final Set<BigDecimal> SWEDISH_STANDARD_RATES = Set.of(
            BigDecimal.ZERO, BigDecimal.valueOf(6), BigDecimal.valueOf(12), BigDecimal.valueOf(25));

    /** The currencies and languages PaymentData may name (Snippets-Request, PaymentData). */
    public static final Set<String> CURRENCIES = Set.of("SEK", "DKK", "NOK", "GBP", "EUR", "USD");
    public static final Set<String> LANGUAGES = Set.of("sv", "da", "no", "en");

    /** Article.unit's enum; "" is listed too. */
    private static final Set<String> UNITS = Set.of("dag", "km", "kr", "pkt", "st", "tim", "m", "ton", "m2", "m3",
            "kbm", "pall", "kolli", "mil", "l", "kg", "box", "dosa", "", "kvm", "nok", "cm");

    /** Data-types: strings are at most 255 characters unless a field says otherwise. */
    public static final int MAX_STRING = 255;

    private static final String FREETEXT = "--freetext--";
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    /** The first broken rule of a request's {@code Articles} and {@code Cart}, for a Swedish account. */
    public static Optional<Violation> check(JsonNode data) {
        return check(data, SWEDISH_STANDARD_RATES);
    }

    /**
     * The first broken rule of a request's {@code Articles} and {@code Cart}, in this order:
     * strings over 255 characters; 9109 no articles; 9106 a total missing; 9111 a total not an
     * integer; per row 9004 no title, 9105 no withouttax, 9112 no (or an impossible) tax rate,
     * 9111 öre amounts with decimals, a discount row at a rate that is not a standard rate of the
     * account, impossible quantity, discount or unit; 9102 the rows not adding up to
     * {@code Total.withouttax} or a row whose withouttax is not its aprice, quantity and discount;
     * 9114 the rows' tax not {@code Total.tax} within 1 öre per unit per row; 9113 rounding over
     * 50 öre; 9107 {@code withtax != withouttax + tax + rounding}.
     */
    public static Optional<Violation> check(JsonNode data, Set<BigDecimal> standardRates) {
        Optional<Violation> tooLong = longString(data, "data");
        if (tooLong.isPresent()) {
            return tooLong;
        }
        JsonNode articles = data.path("Articles");
        if (!articles.isArray() || articles.isEmpty()) {
            return violation("9109", "Missing articles");
        }
        JsonNode cart = data.path("Cart");
        JsonNode total = cart.path("Total");
        for (String field : new String[] {"withouttax", "tax", "withtax"}) {
            if (absent(total.path(field))) {
                return violation("9106", "Cart.Total." + field + " is mandatory");
            }
            if (integer(total.path(field)) == null) {
                return violation("9111", "Cart.Total." + field + " must be an integer, was " + total.path(field));
            }
        }
        BigDecimal rows = BigDecimal.ZERO;
        BigDecimal rowTax = BigDecimal.ZERO;
        BigDecimal tolerance = BigDecimal.ZERO;
        boolean priced = false;
        for (int i = 0; i < articles.size(); i++) {
            JsonNode article = articles.get(i);
            String at = "Articles[" + i + "]";
            if (!article.isObject()) {
                return violation("9005", at + " must be an object");
            }
            if (article.path("title").asText("").isBlank()) {
                // Choice: no code is documented for a missing title; 9004 "Some mandatory parameters are missing".
                return violation("9004", at + ".title is mandatory");
            }
            if (FREETEXT.equals(article.path("artnr").asText())) {
                for (String field : new String[] {"quantity", "aprice", "discount", "taxrate", "withouttax"}) {
                    if (article.has(field)) {
                        // Choice: the page says a free-text row "must not have" them, without a code.
                        return violation("9005", at + " is a free-text row and must not have " + field);
                    }
                }
                continue;
            }
            priced = true;
            Optional<Violation> row = checkArticle(article, at, standardRates);
            if (row.isPresent()) {
                return row;
            }
            BigDecimal withouttax = decimal(article.path("withouttax"));
            BigDecimal taxrate = decimal(article.path("taxrate"));
            BigDecimal quantity = absent(article.path("quantity")) ? BigDecimal.ONE : decimal(article.path("quantity"));
            rows = rows.add(withouttax);
            rowTax = rowTax.add(withouttax.multiply(taxrate).divide(HUNDRED));
            // Choice: "1 öre per quantity per article row" read as one öre per unit, at least one per row.
            tolerance = tolerance.add(quantity.abs().max(BigDecimal.ONE));
        }
        if (!priced) {
            // Choice: "at least one article is required to add up to total.withouttax": free text only is none.
            return violation("9109", "Missing articles: only free-text rows");
        }
        for (String chargeName : new String[] {"Handling", "Shipping"}) {
            JsonNode charge = cart.path(chargeName);
            if (absent(charge.path("withouttax"))) {
                continue;
            }
            if (integer(charge.path("withouttax")) == null) {
                // Choice: "dec" on the page, but it is öre like every other amount.
                return violation("9111", "Cart." + chargeName + ".withouttax must be whole öre, was " + charge.path("withouttax"));
            }
            BigDecimal taxrate = decimal(charge.path("taxrate"));
            if (taxrate == null || taxrate.signum() < 0) {
                // Choice: the page marks taxrate optional; a charge without it has no VAT Billmate can know.
                return violation("9112", "Cart." + chargeName + ".taxrate is mandatory with a withouttax");
            }
            BigDecimal withouttax = decimal(charge.path("withouttax"));
            rows = rows.add(withouttax);
            rowTax = rowTax.add(withouttax.multiply(taxrate).divide(HUNDRED));
            tolerance = tolerance.add(BigDecimal.ONE);
        }
        long withouttax = integer(total.path("withouttax"));
        long tax = integer(total.path("tax"));
        long withtax = integer(total.path("withtax"));
        if (rows.compareTo(BigDecimal.valueOf(withouttax)) != 0) {
            return violation("9102", "Cart.Total.withouttax " + withouttax + " is not the rows' sum " + rows.toPlainString());
        }
        if (rowTax.subtract(BigDecimal.valueOf(tax)).abs().compareTo(tolerance) > 0) {
            return violation("9114", "Cart.Total.tax " + tax + " is not the rows' tax " + rowTax.toPlainString()
                    + " (within " + tolerance.toPlainString() + ")");
        }
        JsonNode roundingNode = total.path("rounding");
        long rounding = 0;
        if (!absent(roundingNode) && !roundingNode.asText().isEmpty()) {
            BigDecimal value = decimal(roundingNode);
            if (value == null) {
                return violation("9111", "Cart.Total.rounding must be a number, was " + roundingNode);
            }
            if (value.abs().compareTo(BigDecimal.valueOf(50)) > 0) {
                return violation("9113", "Rounding " + value.toPlainString() + " is over 50");
            }
            if (value.stripTrailingZeros().scale() > 0) {
                // Choice: "dec" on the page, but withtax = withouttax + tax + rounding holds in whole öre only.
                return violation("9111", "Cart.Total.rounding must be whole öre, was " + roundingNode);
            }
            rounding = value.longValueExact();
        }
        if (withtax != withouttax + tax + rounding) {
            return violation("9107", "Cart.Total.withtax " + withtax + " is not withouttax + tax + rounding = "
                    + (withouttax + tax + rounding));
        }
        return Optional.empty();
    }

    private static Optional<Violation> checkArticle(JsonNode article, String at, Set<BigDecimal> standardRates) {
        if (absent(article.path("withouttax"))) {
            return violation("9105", at + ".withouttax is mandatory");
        }
        BigDecimal withouttax = decimal(article.path("withouttax"));
        if (withouttax == null || integer(article.path("withouttax")) == null) {
            // Choice: "dec" on the page, but it is in öre; a fraction of an öre cannot be invoiced.
            return violation("9111", at + ".withouttax must be whole öre, was " + article.path("withouttax"));
        }
        if (absent(article.path("taxrate"))) {
            return violation("9112", at + ".taxrate is mandatory");
        }
        BigDecimal taxrate = decimal(article.path("taxrate"));
        if (taxrate == null || taxrate.signum() < 0) {
            return violation("9112", at + ".taxrate must be a percentage, was " + article.path("taxrate"));
        }
        BigDecimal quantity = BigDecimal.ONE;
        if (!absent(article.path("quantity"))) {
            quantity = decimal(article.path("quantity"));
            if (quantity == null || quantity.signum() <= 0) {
                // Choice: amounts carry the sign (creditPayment: discounts have negative aprice and
                // withouttax), so a quantity is a positive number of units.
                return violation("9005", at + ".quantity must be a positive number, was " + article.path("quantity"));
            }
        }
        BigDecimal aprice = null;
        if (!absent(article.path("aprice"))) {
            if (integer(article.path("aprice")) == null) {
                // Choice: "dec" on the page, but it is öre like withouttax.
                return violation("9111", at + ".aprice must be whole öre, was " + article.path("aprice"));
            }
            aprice = decimal(article.path("aprice"));
        }
        BigDecimal discount = BigDecimal.ZERO;
        if (!absent(article.path("discount"))) {
            discount = decimal(article.path("discount"));
            if (discount == null || discount.signum() < 0 || discount.compareTo(HUNDRED) > 0) {
                return violation("9005", at + ".discount must be a percentage from 0 to 100, was " + article.path("discount"));
            }
        }
        if (article.has("unit") && !UNITS.contains(article.path("unit").asText())) {
            return violation("9005", at + ".unit " + article.path("unit") + " is not one of Billmate's units");
        }
        if (withouttax.signum() < 0) {
            // creditPayment: a discount row has a negative aprice and withouttax, at a standard tax
            // rate of the account ("6%, 12%, 25%", never a decimal such as 12.6 %).
            if (aprice != null && aprice.signum() > 0) {
                return violation("9005", at + " is a discount row (negative withouttax) with a positive aprice");
            }
            if (standardRates.stream().noneMatch(rate -> rate.compareTo(taxrate) == 0)) {
                // Choice: no code is documented; 9112 is Billmate's code for the row's tax rate.
                return violation("9112", at + " is a discount row at " + taxrate.toPlainString()
                        + " %, which is not a standard tax rate of the account " + standardRates);
            }
        }
        if (aprice != null) {
            // "Amount given will overwrite any errors in rounding of articles row sum": withouttax may
            // differ from aprice * quantity less the discount by rounding, not more. Choice: rounding
            // is half an öre per unit for aprice, the discount's two decimals, and one öre.
            BigDecimal gross = aprice.multiply(quantity);
            BigDecimal expected = gross.multiply(HUNDRED.subtract(discount)).divide(HUNDRED);
            BigDecimal allowed = quantity.multiply(new BigDecimal("0.5"))
                    .add(gross.abs().multiply(new BigDecimal("0.00005"))).add(BigDecimal.ONE);
            if (expected.subtract(withouttax).abs().compareTo(allowed) > 0) {
                return violation("9102", at + ".withouttax " + withouttax.toPlainString() + " is not aprice "
                        + aprice.toPlainString() + " x quantity " + quantity.toPlainString() + " less "
                        + discount.toPlainString() + " % (" + expected.setScale(2, RoundingMode.HALF_UP).toPlainString() + ")");
            }
        }
        return Optional.empty();
    }

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
        return longString(data, "data");
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

    /**
     * What a request's {@code Articles} and {@code Cart} move at each tax rate, as Billmate books
     * VAT: per row. Each row's tax is its own {@code withouttax * taxrate / 100} in whole öre
     * ({@link #rowTax}); {@code Cart.Shipping} and {@code Cart.Handling} are rows too. A rate's net
     * and tax are the sums of its rows'.
     *
     * <p>Source: getPaymentinfo answers every article with its own {@code "tax"}
     * (Get-payment-info.md, getPaymentinfo.md: 2468 at 25 % is 617, 178857 at 25 % is 44714), and
     * those taxes with Handling's (1000 at 25 %: 250) and Shipping's (3000 at 25 %: 750) add up to
     * {@code Total.tax} 46331; 9114 lets {@code Total.tax} differ from the rows' tax by 1 öre per
     * unit per row. What {@code Total.tax} differs from the rows' rounded taxes is the cart's
     * rounding of tax, VAT at no rate. Choice: like {@code Total.rounding} it is an amount at rate
     * 0 (net, no tax), so the split still adds up to {@code Total.withtax}.
     */
    public static TaxByRate split(JsonNode data) {
        Map<BigDecimal, TaxByRate.Part> parts = new TreeMap<>();
        long rowTaxes = 0;
        for (JsonNode article : data.path("Articles")) {
            if (FREETEXT.equals(article.path("artnr").asText())) {
                continue;
            }
            BigDecimal withouttax = decimal(article.path("withouttax"));
            BigDecimal taxrate = decimal(article.path("taxrate"));
            if (withouttax != null && taxrate != null) {
                long tax = rowTax(withouttax, taxrate);
                parts.merge(TaxByRate.canonical(taxrate), new TaxByRate.Part(whole(withouttax), tax), TaxByRate.Part::plus);
                rowTaxes += tax;
            }
        }
        for (String chargeName : new String[] {"Handling", "Shipping"}) {
            JsonNode charge = data.path("Cart").path(chargeName);
            BigDecimal withouttax = decimal(charge.path("withouttax"));
            BigDecimal taxrate = decimal(charge.path("taxrate"));
            if (withouttax != null) {
                BigDecimal rate = taxrate == null ? BigDecimal.ZERO : taxrate;
                long tax = rowTax(withouttax, rate);
                parts.merge(TaxByRate.canonical(rate), new TaxByRate.Part(whole(withouttax), tax), TaxByRate.Part::plus);
                rowTaxes += tax;
            }
        }
        JsonNode total = data.path("Cart").path("Total");
        Long totalTax = integer(total.path("tax"));
        long taxRounding = totalTax == null ? 0 : totalTax - rowTaxes;
        BigDecimal rounding = decimal(total.path("rounding"));
        long atZero = taxRounding + (rounding == null ? 0 : whole(rounding));
        if (atZero != 0) {
            parts.merge(BigDecimal.ZERO, new TaxByRate.Part(atZero, 0), TaxByRate.Part::plus);
        }
        return new TaxByRate(parts);
    }

    /**
     * One row's VAT as Billmate books it: {@code withouttax * taxrate / 100} rounded to whole öre.
     * Choice: half away from zero, PHP's {@code round()}. The documents' examples cannot tell half
     * up from half even (44714.25); Billmate's own PrestaShop module rounds each row's tax (and
     * Shipping's and the invoice fee's) with PHP's {@code round()} before it sends
     * {@code Total.tax} (billmategateway, controllers/front/billmateapi.php, prepareArticles).
     */
    public static long rowTax(BigDecimal withouttax, BigDecimal taxrate) {
        return withouttax.multiply(taxrate).divide(HUNDRED).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    private static long whole(BigDecimal amount) {
        return amount.setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    /** Data-types: every string at most 255 characters. Choice: 9005, as no code is documented. */
    private static Optional<Violation> longString(JsonNode node, String path) {
        if (node.isTextual() && node.asText().length() > MAX_STRING) {
            return violation("9005", path + " is " + node.asText().length() + " characters; Billmate takes at most "
                    + MAX_STRING);
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                Optional<Violation> inner = longString(node.get(i), path + "[" + i + "]");
                if (inner.isPresent()) {
                    return inner;
                }
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                Optional<Violation> inner = longString(field.getValue(), path + "." + field.getKey());
                if (inner.isPresent()) {
                    return inner;
                }
            }
        }
        return Optional.empty();
    }

    private static boolean absent(JsonNode node) {
        return node.isMissingNode() || node.isNull();
    }

    private static Optional<Violation> violation(String code, String message) {
        return Optional.of(new Violation(code, message));
    }

    /** Billmate takes numbers as strings or JSON numbers. */
    static BigDecimal decimal(JsonNode node) {
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (node.isTextual() && !node.asText().isBlank()) {
            try {
                return new BigDecimal(node.asText().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    static Long integer(JsonNode node) {
        BigDecimal value = decimal(node);
        if (value == null) {
            return null;
        }
        try {
            return value.longValueExact();
        } catch (ArithmeticException e) {
            return null;
        }
    }
}

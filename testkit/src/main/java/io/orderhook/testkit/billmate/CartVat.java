package io.orderhook.testkit.billmate;

import static io.orderhook.testkit.billmate.BillmateFields.decimal;
import static io.orderhook.testkit.billmate.BillmateFields.integer;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The VAT a cart books, as Billmate books it: per row, per tax rate. The sandbox keeps each
 * payment's charged and credited parts with it ({@link BillmateSandbox.Payment}), so tests can
 * compare them with what orderhook recorded. Written from the documents, not from the client.
 */
public final class CartVat {
    private CartVat() {}

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

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
            if (ArticleRules.freeText(article)) {
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
}

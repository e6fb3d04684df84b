package io.orderhook.shop.woocommerce;

import static io.orderhook.shop.woocommerce.WooFields.amount;
import static io.orderhook.shop.woocommerce.WooFields.optionalText;
import static io.orderhook.shop.woocommerce.WooFields.requireObject;
import static io.orderhook.shop.woocommerce.WooFields.requiredId;
import static io.orderhook.shop.woocommerce.WooFields.size;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import com.fasterxml.jackson.databind.JsonNode;

import io.orderhook.order.Money;
import io.orderhook.order.OrderLine;
import io.orderhook.order.OrderLine.LineTax;
import io.orderhook.order.TaxRate;

/**
 * The taxes of an order body: each line's split over its rates ({@code taxes[]}, unrounded, kept
 * with {@link WooOrderJson#TAX_SPLIT_EXTRA_DIGITS} extra digits) and the order's rates
 * ({@code tax_lines[]}) with what each charged.
 */
final class WooTaxes {
    private WooTaxes() {}

    static List<LineTax> lineTaxes(JsonNode taxes, String path, int decimals) {
        List<LineTax> result = new ArrayList<>();
        for (int i = 0; i < size(taxes, path); i++) {
            JsonNode tax = taxes.get(i);
            String at = path + "[" + i + "]";
            requireObject(tax, at);
            JsonNode total = tax.path("total");
            // WooCommerce lists every rate of the tax class and leaves "" where the rate did not apply.
            if (total.isMissingNode() || total.isNull() || (total.isTextual() && total.asText().isBlank())) {
                continue;
            }
            long scaled;
            try {
                scaled = Money.parseScaled(total.asText(), decimals, WooOrderJson.TAX_SPLIT_EXTRA_DIGITS);
            } catch (IllegalArgumentException e) {
                throw new MalformedOrderJsonException(at + ".total", e.getMessage());
            }
            result.add(new LineTax(requiredId(tax, "id", at + ".id"), scaled));
        }
        return result;
    }

    /**
     * {@code tax_lines[]}: {@code rate_percent} exists since WooCommerce 3.7; for older shops the
     * percentage is derived from the rate's unrounded tax over the lines it was charged on.
     */
    static List<TaxRate> taxRates(JsonNode taxLines, List<OrderLine> lines, int decimals) {
        List<TaxRate> rates = new ArrayList<>();
        for (int i = 0; i < size(taxLines, "tax_lines"); i++) {
            JsonNode taxLine = taxLines.get(i);
            String at = "tax_lines[" + i + "]";
            requireObject(taxLine, at);
            String rateId = requiredId(taxLine, "rate_id", at + ".rate_id");
            JsonNode percentNode = taxLine.path("rate_percent");
            BigDecimal percent;
            if (percentNode.isNumber() || (percentNode.isTextual() && !percentNode.asText().isBlank())) {
                try {
                    percent = new BigDecimal(percentNode.asText().trim()).stripTrailingZeros();
                } catch (NumberFormatException e) {
                    throw new MalformedOrderJsonException(at + ".rate_percent", "\"" + percentNode.asText()
                            + "\" is not a percentage");
                }
            } else {
                percent = derivedPercent(rateId, lines, decimals);
            }
            rates.add(new TaxRate(rateId, optionalText(taxLine, "label"), percent,
                    taxLine.path("compound").asBoolean(false), rateTaxTotal(taxLine, at, decimals)));
        }
        return rates;
    }

    /**
     * What the order charged at one rate: {@code tax_total} (items and fees) plus
     * {@code shipping_tax_total}. With "round tax at subtotal" these are the shop's rounding of the
     * rate's unrounded line taxes, and they add up to {@code total_tax} where the lines' rounded
     * taxes may not (31.24 against 31.25).
     */
    private static OptionalLong rateTaxTotal(JsonNode taxLine, String at, int decimals) {
        JsonNode items = taxLine.path("tax_total");
        if (items.isMissingNode() || items.isNull()) {
            return OptionalLong.empty();
        }
        long total = amount(taxLine, "tax_total", at + ".tax_total", decimals);
        JsonNode shipping = taxLine.path("shipping_tax_total");
        if (!shipping.isMissingNode() && !shipping.isNull()) {
            total += amount(taxLine, "shipping_tax_total", at + ".shipping_tax_total", decimals);
        }
        return OptionalLong.of(total);
    }

    private static BigDecimal derivedPercent(String rateId, List<OrderLine> lines, int decimals) {
        long taxScaled = 0;
        long base = 0;
        for (OrderLine line : lines) {
            for (LineTax tax : line.taxes()) {
                if (tax.rateId().equals(rateId)) {
                    taxScaled += tax.amount();
                    base += line.total();
                }
            }
        }
        if (base == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal tax = BigDecimal.valueOf(taxScaled, WooOrderJson.TAX_SPLIT_EXTRA_DIGITS);
        return tax.multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(base), 2, RoundingMode.HALF_UP)
                .stripTrailingZeros();
    }

}

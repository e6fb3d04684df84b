package io.orderhook.testkit.woocommerce;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * WooCommerce's tax arithmetic (WC_Tax): exclusive and inclusive taxes per rate in tax units
 * (fractions of a minor unit, as WooCommerce keeps them until it rounds), and per-line rounding.
 */
final class WooTax {
    static final MathContext TAX_MATH = new MathContext(34, RoundingMode.HALF_EVEN);

    private WooTax() {}

    /** A unit price times a quantity that may be decimal, in minor units rounded half up as PHP's round(). */
    static long times(long unitPrice, BigDecimal quantity) {
        return BigDecimal.valueOf(unitPrice).multiply(quantity).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    /** Per-line rounding unless the shop rounds at subtotal level. */
    static Map<Integer, Long> lineTaxes(ShopRules rules, Map<Integer, Long> taxUnits) {
        if (rules.roundAtSubtotal()) {
            return taxUnits;
        }
        Map<Integer, Long> rounded = new LinkedHashMap<>();
        taxUnits.forEach((rateId, units) -> rounded.put(rateId, ShopMoney.toTaxUnits(ShopMoney.roundTax(units))));
        return rounded;
    }

    /** WC_Tax::calc_exclusive_tax, in tax units. */
    static Map<Integer, Long> exclusiveTaxes(long netMinor, List<TaxRateSpec> rates) {
        return exclusiveTaxes(BigDecimal.valueOf(netMinor), rates);
    }

    /** WC_Tax::calc_exclusive_tax of an amount with fractions of a minor unit (a negative fee's part). */
    static Map<Integer, Long> exclusiveTaxes(BigDecimal netMinor, List<TaxRateSpec> rates) {
        BigDecimal price = netMinor.multiply(BigDecimal.valueOf(ShopMoney.TAX_UNITS_PER_MINOR));
        Map<Integer, BigDecimal> taxes = new LinkedHashMap<>();
        for (TaxRateSpec rate : rates) {
            if (!rate.compound()) {
                taxes.put(rate.rateId(), price.multiply(rate.percent()).divide(BigDecimal.valueOf(100), TAX_MATH));
            }
        }
        for (TaxRateSpec rate : rates) {
            if (rate.compound()) {
                BigDecimal preCompound = taxes.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
                taxes.put(rate.rateId(), price.add(preCompound).multiply(rate.percent())
                        .divide(BigDecimal.valueOf(100), TAX_MATH));
            }
        }
        return toUnits(taxes);
    }

    /** WC_Tax::calc_inclusive_tax, in tax units. */
    static Map<Integer, Long> inclusiveTaxes(long grossMinor, List<TaxRateSpec> rates) {
        BigDecimal price = BigDecimal.valueOf(ShopMoney.toTaxUnits(grossMinor));
        BigDecimal hundred = BigDecimal.valueOf(100);
        Map<Integer, BigDecimal> taxes = new LinkedHashMap<>();
        BigDecimal regularSum = rates.stream().filter(rate -> !rate.compound()).map(TaxRateSpec::percent)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal regularFactor = BigDecimal.ONE.add(regularSum.divide(hundred, TAX_MATH));
        BigDecimal nonCompoundPrice = price;
        List<TaxRateSpec> compound = new ArrayList<>(rates.stream().filter(TaxRateSpec::compound).toList());
        Collections.reverse(compound);
        for (TaxRateSpec rate : compound) {
            BigDecimal tax = nonCompoundPrice.subtract(nonCompoundPrice.divide(
                    BigDecimal.ONE.add(rate.percent().divide(hundred, TAX_MATH)), TAX_MATH));
            taxes.put(rate.rateId(), tax);
            nonCompoundPrice = nonCompoundPrice.subtract(tax);
        }
        for (TaxRateSpec rate : rates) {
            if (!rate.compound()) {
                BigDecimal share = rate.percent().divide(hundred, TAX_MATH).divide(regularFactor, TAX_MATH);
                taxes.put(rate.rateId(), share.multiply(nonCompoundPrice, TAX_MATH));
            }
        }
        Map<Integer, BigDecimal> ordered = new LinkedHashMap<>();
        for (TaxRateSpec rate : rates) {
            ordered.put(rate.rateId(), taxes.get(rate.rateId()));
        }
        return toUnits(ordered);
    }

    private static Map<Integer, Long> toUnits(Map<Integer, BigDecimal> taxes) {
        Map<Integer, Long> units = new LinkedHashMap<>();
        taxes.forEach((rateId, tax) -> units.put(rateId, tax.setScale(0, RoundingMode.HALF_UP).longValueExact()));
        return units;
    }

    static long sum(Map<Integer, Long> taxes) {
        return taxes.values().stream().mapToLong(Long::longValue).sum();
    }
}

package io.orderhook.testkit.woocommerce;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The shop-wide settings the totals depend on (WooCommerce > Settings > General and Tax).
 *
 * @param money            currency decimals ("Number of decimals")
 * @param taxRates         the configured rates, in the order WooCommerce applies them
 * @param coupons          known coupons by lower-case code
 * @param roundAtSubtotal  "Round tax at subtotal level, instead of rounding per line": line taxes keep
 *                         four more decimals and only the order's tax lines are rounded
 * @param shippingTaxClass the tax class shipping is taxed with ("" = Standard)
 */
record ShopRules(ShopMoney money, List<TaxRateSpec> taxRates, Map<String, CouponSpec> coupons,
                 boolean roundAtSubtotal, String shippingTaxClass) {

    List<TaxRateSpec> ratesFor(String taxClass) {
        String wanted = taxClass == null ? "" : taxClass;
        return taxRates.stream().filter(rate -> rate.taxClass().equals(wanted)).toList();
    }

    List<TaxRateSpec> shippingRates() {
        return ratesFor(shippingTaxClass).stream().filter(TaxRateSpec::shipping).toList();
    }

    Optional<TaxRateSpec> rate(int rateId) {
        return taxRates.stream().filter(rate -> rate.rateId() == rateId).findFirst();
    }

    Optional<CouponSpec> coupon(String code) {
        return Optional.ofNullable(coupons.get(code.toLowerCase(Locale.ROOT)));
    }
}

package io.orderhook.testkit.woocommerce;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * A tax rate configured in the simulated shop (WooCommerce > Settings > Tax).
 *
 * @param rateId   the rate's id ({@code tax_lines[].rate_id}, {@code taxes[].id})
 * @param country  ISO country code, part of the rate code ("SE")
 * @param label    the rate's name ("Moms")
 * @param percent  the rate in percent (25, 12, 7.7)
 * @param taxClass the tax class slug it belongs to: "" for Standard, "reduced-rate", "zero-rate", ...
 * @param compound charged on top of the other rates of the line
 * @param shipping also applied to shipping lines
 */
public record TaxRateSpec(int rateId, String country, String label, BigDecimal percent, String taxClass,
                          boolean compound, boolean shipping) {

    public TaxRateSpec {
        if (percent.signum() < 0) {
            throw new IllegalArgumentException("a tax rate cannot be negative: " + percent);
        }
    }

    /** A plain (non-compound) rate that also applies to shipping. */
    public static TaxRateSpec of(int rateId, String country, String label, String percent, String taxClass) {
        return new TaxRateSpec(rateId, country, label, new BigDecimal(percent), taxClass, false, true);
    }

    /** WooCommerce's rate code: COUNTRY-NAME-PRIORITY in capitals ("SE-MOMS-1"). */
    public String rateCode() {
        return (country + "-" + label + "-1").toUpperCase(Locale.ROOT);
    }
}

package io.orderhook.testkit.billmate;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

import io.orderhook.order.TaxSplit;

/** The sandbox's own book of a payment per tax rate, in orderhook's type, for comparing the two. */
final class TaxByRates {
    private TaxByRates() {}

    static TaxSplit asTaxSplit(TaxByRate booked) {
        Map<BigDecimal, TaxSplit.Part> parts = new HashMap<>();
        booked.byRate().forEach((rate, part) -> parts.put(rate, new TaxSplit.Part(part.net(), part.tax())));
        return new TaxSplit(parts);
    }
}

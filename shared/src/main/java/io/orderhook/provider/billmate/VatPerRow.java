package io.orderhook.provider.billmate;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

import io.orderhook.order.TaxSplit;

/**
 * What a cart books at each tax rate, row by row, as {@link BillmateCart#split()} tells Billmate's
 * booking: each row's own VAT at its rate, and what {@code Total.tax} and {@code Total.rounding}
 * hold beyond the rows' VAT at rate 0. The same for the carts orderhook sends and for what
 * getPaymentinfo says a payment booked ({@link BillmateBooked}).
 */
final class VatPerRow {
    private final Map<BigDecimal, TaxSplit.Part> parts = new HashMap<>();
    private long rowsVat;

    /** A row whose VAT is what Billmate books on it ({@link BillmateCart#vatOf}). */
    void add(long withouttax, BigDecimal taxrate) {
        add(withouttax, taxrate, BillmateCart.vatOf(withouttax, taxrate));
    }

    /** A row with the VAT Billmate answered for it. */
    void add(long withouttax, BigDecimal taxrate, long vat) {
        parts.merge(TaxSplit.canonical(taxrate), new TaxSplit.Part(withouttax, vat), TaxSplit.Part::plus);
        rowsVat += vat;
    }

    /** The rows' split, with what the cart's {@code Total.tax} and {@code Total.rounding} hold beyond the rows' VAT at rate 0. */
    TaxSplit split(long totalTax, long rounding) {
        parts.merge(BigDecimal.ZERO, new TaxSplit.Part(totalTax - rowsVat + rounding, 0), TaxSplit.Part::plus);
        return new TaxSplit(parts);
    }
}

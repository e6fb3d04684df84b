package io.orderhook.testkit.billmate;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the sandbox books per tax rate (percent): the amount excluding tax and the tax, in öre.
 * Billmate owes VAT per rate, so the sandbox keeps what a payment charged and what its credits
 * returned at each rate. Rates with nothing on them are left out; {@code 25} and {@code 25.00}
 * are one rate.
 */
public record TaxByRate(Map<BigDecimal, Part> byRate) {

    public static final TaxByRate EMPTY = new TaxByRate(Map.of());

    /** @param net amount excluding tax; @param tax the tax on it */
    public record Part(long net, long tax) {
        public static final Part ZERO = new Part(0, 0);

        public long withTax() {
            return net + tax;
        }

        public Part plus(Part other) {
            return new Part(net + other.net, tax + other.tax);
        }
    }

    public TaxByRate {
        TreeMap<BigDecimal, Part> sorted = new TreeMap<>();
        byRate.forEach((rate, part) -> {
            if (part.net() != 0 || part.tax() != 0) {
                sorted.merge(canonical(rate), part, Part::plus);
            }
        });
        byRate = Collections.unmodifiableMap(sorted);
    }

    /** 25, 12.5: no trailing zeros and no exponent, so equal rates are one key. */
    public static BigDecimal canonical(BigDecimal rate) {
        BigDecimal stripped = rate.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    public Part at(BigDecimal rate) {
        return byRate.getOrDefault(canonical(rate), Part.ZERO);
    }

    public TaxByRate plus(TaxByRate other) {
        TreeMap<BigDecimal, Part> sum = new TreeMap<>(byRate);
        other.byRate.forEach((rate, part) -> sum.merge(rate, part, Part::plus));
        return new TaxByRate(sum);
    }

    public long withTax() {
        return byRate.values().stream().mapToLong(Part::withTax).sum();
    }
}

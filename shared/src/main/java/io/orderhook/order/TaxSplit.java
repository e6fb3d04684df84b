package io.orderhook.order;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Money split by tax rate: for each rate (percent, e.g. 25, 12, 6, 0), the amount excluding
 * tax and the tax, in minor units. What an order charged at each rate, what credits have
 * returned at each rate, and what is left: VAT is owed per rate, so a credit must return
 * the right tax at the right rate, not only the right total.
 */
public record TaxSplit(Map<BigDecimal, Part> byRate) {

    public static final TaxSplit EMPTY = new TaxSplit(Map.of());

    /** @param net amount excluding tax; @param tax the tax on it */
    public record Part(long net, long tax) {
        public static final Part ZERO = new Part(0, 0);

        public long withTax() {
            return net + tax;
        }

        public Part plus(Part other) {
            return new Part(net + other.net, tax + other.tax);
        }

        public Part minus(Part other) {
            return new Part(net - other.net, tax - other.tax);
        }
    }

    public TaxSplit {
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

    public static TaxSplit of(BigDecimal rate, long net, long tax) {
        return new TaxSplit(Map.of(rate, new Part(net, tax)));
    }

    public Part at(BigDecimal rate) {
        return byRate.getOrDefault(canonical(rate), Part.ZERO);
    }

    public TaxSplit plus(TaxSplit other) {
        TreeMap<BigDecimal, Part> sum = new TreeMap<>(byRate);
        other.byRate.forEach((rate, part) -> sum.merge(rate, part, Part::plus));
        return new TaxSplit(sum);
    }

    public TaxSplit minus(TaxSplit other) {
        TreeMap<BigDecimal, Part> difference = new TreeMap<>(byRate);
        other.byRate.forEach((rate, part) -> difference.merge(rate, Part.ZERO.minus(part), Part::plus));
        return new TaxSplit(difference);
    }

    public long net() {
        return byRate.values().stream().mapToLong(Part::net).sum();
    }

    public long tax() {
        return byRate.values().stream().mapToLong(Part::tax).sum();
    }

    public long withTax() {
        return net() + tax();
    }

    public boolean isEmpty() {
        return byRate.isEmpty();
    }
}

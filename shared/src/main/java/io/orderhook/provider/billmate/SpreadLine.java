package io.orderhook.provider.billmate;

import static io.orderhook.provider.billmate.BillmateCart.canonical;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.orderhook.order.OrderLine;
import io.orderhook.order.OrderLine.LineTax;

/**
 * A line whose tax WooCommerce spread over several rates (a negative fee: WC_Order_Item_Fee
 * divides it over the order's tax classes in proportion to what each class costs, items, fees and
 * shipping that are not negative), as one row per rate.
 */
final class SpreadLine {
    private SpreadLine() {}

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /**
     * The line's rows. Its net is divided as WooCommerce divided it, so each part's tax at its
     * rate is the shop's; when the order has changed since (the shares no longer explain the
     * taxes), each part is the tax divided by the rate and the öre left over go to the lowest
     * rates, as far as each rate's tax still fits within one öre.
     *
     * @param singles the order's rows at one rate, whose costs WooCommerce divided the line by
     */
    static List<CartRow> rows(OrderRows order, OrderLine line, List<CartRow> singles, String what) {
        Map<BigDecimal, Long> shopTax = new LinkedHashMap<>();
        for (LineTax tax : order.charging(line)) {
            shopTax.merge(canonical(order.percentOf(tax)), roundedTax(tax.amount()), Long::sum);
        }
        // WooCommerce rounds each rate's tax and adds them up; a line total_tax that disagrees
        // by an öre (round at subtotal) is the shop's word for the whole line.
        long missingTax = line.totalTax() - shopTax.values().stream().mapToLong(Long::longValue).sum();
        if (missingTax != 0) {
            shopTax.merge(OrderRows.largestRate(shopTax, Long::longValue), missingTax, Long::sum);
        }
        Map<BigDecimal, Long> nets = sharesByCost(line, shopTax.keySet(), singles);
        if (nets == null || !allFit(nets, shopTax)) {
            nets = sharesByTax(line, shopTax, singles);
        }
        if (nets == null) {
            throw OrderRows.notRecalculated(line, what);
        }
        List<CartRow> parts = new ArrayList<>();
        for (Map.Entry<BigDecimal, Long> net : nets.entrySet()) {
            if (net.getValue() == 0 && shopTax.getOrDefault(net.getKey(), 0L) == 0) {
                continue;
            }
            parts.add(new CartRow(line.kind(), line.lineId(), line.sku(), line.name(), BigDecimal.ONE, net.getValue(),
                    net.getValue(), shopTax.getOrDefault(net.getKey(), 0L), net.getKey(), true, false));
        }
        return parts;
    }

    /** WooCommerce's own division: the line's total in proportion to the other rows' costs per rate. */
    private static Map<BigDecimal, Long> sharesByCost(OrderLine line, Set<BigDecimal> rates, List<CartRow> singles) {
        Map<BigDecimal, Long> costs = new LinkedHashMap<>();
        rates.forEach(rate -> costs.put(rate, 0L));
        long untaxed = 0;
        for (CartRow row : singles) {
            if (row.net() <= 0) {
                continue;
            }
            if (costs.containsKey(row.rate())) {
                costs.merge(row.rate(), row.net(), Long::sum);
            } else {
                untaxed += row.net();
            }
        }
        List<BigDecimal> keys = new ArrayList<>(costs.keySet());
        List<Long> weights = new ArrayList<>(costs.values());
        if (untaxed > 0) {
            keys.add(BigDecimal.ZERO);
            weights.add(untaxed);
        }
        long[] shares = ProportionalShares.of(line.total(), weights);
        if (shares == null) {
            return null;
        }
        Map<BigDecimal, Long> nets = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            nets.merge(keys.get(i), shares[i], Long::sum);
        }
        return nets;
    }

    /** Each rate's part is its tax divided by the rate; the öre left over go to the lowest rates. */
    private static Map<BigDecimal, Long> sharesByTax(OrderLine line, Map<BigDecimal, Long> shopTax, List<CartRow> singles) {
        Map<BigDecimal, Long> nets = new TreeMap<>();
        long given = 0;
        for (Map.Entry<BigDecimal, Long> tax : shopTax.entrySet()) {
            long net = tax.getKey().signum() == 0 ? 0
                    : BigDecimal.valueOf(tax.getValue()).multiply(HUNDRED)
                            .divide(tax.getKey(), 0, RoundingMode.HALF_UP).longValueExact();
            nets.put(tax.getKey(), net);
            given += net;
        }
        long missing = line.total() - given;
        for (BigDecimal rate : nets.keySet()) {
            if (missing == 0 || rate.signum() == 0) {
                continue;
            }
            long step = Long.signum(missing);
            while (missing != 0 && fitsWithinOre(nets.get(rate) + step, shopTax.get(rate), rate)) {
                nets.merge(rate, step, Long::sum);
                missing -= step;
            }
        }
        if (missing != 0) {
            // What no rate's tax explains is untaxed, if the order sells untaxed goods at all.
            boolean untaxedGoods = singles.stream().anyMatch(row -> row.rate().signum() == 0 && row.net() > 0);
            if (!untaxedGoods) {
                return null;
            }
            nets.merge(BigDecimal.ZERO, missing, Long::sum);
        }
        return nets;
    }

    private static boolean allFit(Map<BigDecimal, Long> nets, Map<BigDecimal, Long> shopTax) {
        for (Map.Entry<BigDecimal, Long> tax : shopTax.entrySet()) {
            if (!fitsWithinOre(nets.getOrDefault(tax.getKey(), 0L), tax.getValue(), tax.getKey())) {
                return false;
            }
        }
        return true;
    }

    private static boolean fitsWithinOre(long net, long tax, BigDecimal rate) {
        return OrderRows.taxOff(net, tax, rate).compareTo(BigDecimal.ONE) <= 0;
    }

    /** A line tax of WooCommerce's, kept with four more decimals, in whole öre (half away from zero, as PHP). */
    private static long roundedTax(long scaled) {
        return BigDecimal.valueOf(scaled).movePointLeft(4).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }
}

package io.orderhook.provider.klarna;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.orderhook.order.OrderLine;
import io.orderhook.order.OrderLine.LineKind;
import io.orderhook.order.OrderLine.LineTax;
import io.orderhook.order.OrderSnapshot;
import io.orderhook.order.Refund;
import io.orderhook.order.TaxRate;
import io.orderhook.order.TaxSplit;

/** Klarna order lines from orders and refunds: Klarna's line rules and the shop's VAT per rate. */
class KlarnaLinesTest {

    static final TaxRate VAT25 = new TaxRate("1", "Moms 25%", new BigDecimal("25"), false);
    static final TaxRate VAT12 = new TaxRate("2", "Moms 12%", new BigDecimal("12"), false);
    static final TaxRate VAT6 = new TaxRate("3", "Moms 6%", new BigDecimal("6"), false);

    static OrderLine line(LineKind kind, String id, String name, String quantity, long subtotal, long total, long tax,
            String... rateIdAndScaledTax) {
        List<LineTax> taxes = new java.util.ArrayList<>();
        for (int i = 0; i < rateIdAndScaledTax.length; i += 2) {
            taxes.add(new LineTax(rateIdAndScaledTax[i], Long.parseLong(rateIdAndScaledTax[i + 1])));
        }
        return new OrderLine(kind, id, kind == LineKind.PRODUCT ? "SKU-" + id : "", name, new BigDecimal(quantity),
                subtotal, total, tax, taxes);
    }

    static OrderLine product(String id, String name, long quantity, long subtotal, long total, long tax, TaxRate rate) {
        return line(LineKind.PRODUCT, id, name, Long.toString(quantity), subtotal, total, tax, rate.rateId(),
                Long.toString(tax * 10_000));
    }

    static OrderSnapshot order(long total, long totalTax, List<OrderLine> lines, TaxRate... rates) {
        return new OrderSnapshot("4711", "processing", "kco", "klarna-1", "SEK", Instant.parse("2025-06-01T10:00:00Z"),
                true, lines, List.of(rates), total, totalTax, List.of(), Map.of());
    }

    /** 2 cups of 100.00 at 25 % with 20.00 off, 1 tea of 56.00 at 12 %, shipping 49.00 + 25 %. */
    static OrderSnapshot cupsAndTea() {
        return order(18000 + 5600 + 6125, 3600 + 600 + 1225, List.of(
                product("11", "Kopp", 2, 16000, 14400, 3600, VAT25),
                product("12", "Te", 1, 5000, 5000, 600, VAT12),
                line(LineKind.SHIPPING, "13", "Frakt", "1", 4900, 4900, 1225, "1", "12250000")), VAT25, VAT12);
    }

    static void assertKlarnaRules(KlarnaLines lines) {
        long sum = 0;
        for (KlarnaLine line : lines.lines()) {
            assertEquals(line.totalAmount(), line.quantity() * line.unitPrice() - line.totalDiscountAmount(), line.toString());
            assertTrue(line.totalDiscountAmount() >= 0, line.toString());
            assertTrue(KlarnaTax.taxFits(line.totalAmount(), line.totalTaxAmount(), line.taxRate()), line.toString());
            assertTrue(line.quantity() >= 0 && line.quantity() <= 100_000, line.toString());
            assertTrue(!line.name().isBlank() && line.name().length() <= 255, line.toString());
            sum += line.totalAmount();
        }
        assertEquals(lines.amount(), sum, "the lines add up to the operation's amount");
    }

    @Test
    void theReferencePagesWorkedExampleIsTwoUnitsAtOneHundredWithTwentyOff() {
        // 25 % VAT, 2 x 100.00 with 20.00 discount: unit_price 10000, quantity 2, total_discount_amount 2000,
        // total_amount 18000, tax_rate 2500, total_tax_amount 3600.
        KlarnaLines lines = KlarnaLines.forOrder(order(18000, 3600, List.of(product("11", "Kopp", 2, 16000, 14400, 3600,
                VAT25)), VAT25));
        assertEquals(List.of(new KlarnaLine("physical", "SKU-11", "Kopp", 2, 10000, 2500, 18000, 2000, 3600)), lines.lines());
        assertEquals(18000, lines.amount());
    }

    @Test
    void anOrderBecomesOneLinePerRowWithTheShopsTaxAndItsShippingAsAShippingFee() {
        KlarnaLines lines = KlarnaLines.forOrder(cupsAndTea());
        assertKlarnaRules(lines);
        assertEquals(3, lines.lines().size());
        assertEquals(new KlarnaLine("physical", "SKU-12", "Te", 1, 5600, 1200, 5600, 0, 600), lines.lines().get(1));
        assertEquals(new KlarnaLine("shipping_fee", "shipping", "Frakt", 1, 6125, 2500, 6125, 0, 1225), lines.lines().get(2));
        assertEquals(TaxSplit.of(new BigDecimal("25"), 14400 + 4900, 3600 + 1225)
                .plus(TaxSplit.of(new BigDecimal("12"), 5000, 600)), lines.split());
    }

    @Test
    void aUnitPriceThatDoesNotDivideEvenlyIsRoundedUpAndTheCentsCountAsDiscount() {
        // 3 x 33.33 gross is 99.99; the line's total is 100.00 (net 80.00 + 20.00 tax).
        KlarnaLines lines = KlarnaLines.forOrder(order(10000, 2000, List.of(product("1", "Glas", 3, 8000, 8000, 2000,
                VAT25)), VAT25));
        assertEquals(new KlarnaLine("physical", "SKU-1", "Glas", 3, 3334, 2500, 10000, 2, 2000), lines.lines().get(0));
    }

    @Test
    void aDecimalQuantityIsOneUnitNamedWithIt() {
        KlarnaLines lines = KlarnaLines.forOrder(order(4375, 875, List.of(line(LineKind.PRODUCT, "1", "Ost", "3.5", 3500, 3500,
                875, "1", "8750000")), VAT25));
        KlarnaLine cheese = lines.lines().get(0);
        assertEquals(1, cheese.quantity());
        assertEquals("3.5 × Ost", cheese.name());
        assertEquals(4375, cheese.totalAmount());
    }

    @Test
    void aLineDiscountedToZeroKeepsItsRateAndShowsTheWholeDiscount() {
        KlarnaLines lines = KlarnaLines.forOrder(order(0, 0, List.of(line(LineKind.PRODUCT, "1", "Bok", "1", 5000, 0, 0,
                "3", "0")), VAT6));
        assertEquals(new KlarnaLine("physical", "SKU-1", "Bok", 1, 5300, 600, 0, 5300, 0), lines.lines().get(0));
    }

    @Test
    void aNegativeFeeSpreadOverThreeRatesIsOneDiscountLinePerRateWithTheShopsTaxAtEach() {
        // Real order 46: fee -20.00 with tax -4.35 (25 %), -0.30 (12 %), -0.01 (6 %): -24.66 with tax.
        OrderLine fee = line(LineKind.FEE, "98", "Rabatt", "1", -2000, -2000, -466,
                "1", "-4350000", "2", "-300000", "3", "-10000");
        OrderSnapshot order = order(20000 + 5600 + 1060 - 2466, 4000 + 600 + 60 - 466, List.of(
                product("1", "Kopp", 1, 16000, 16000, 4000, VAT25),
                product("2", "Te", 1, 5000, 5000, 600, VAT12),
                product("3", "Bok", 1, 1000, 1000, 60, VAT6),
                fee), VAT25, VAT12, VAT6);
        KlarnaLines lines = KlarnaLines.forOrder(order);
        assertKlarnaRules(lines);
        List<KlarnaLine> feeLines = lines.lines().subList(3, lines.lines().size());
        assertEquals(3, feeLines.size());
        assertEquals(List.of("discount", "discount", "discount"), feeLines.stream().map(KlarnaLine::type).toList());
        assertEquals(List.of(-435L, -30L, -1L), feeLines.stream().map(KlarnaLine::totalTaxAmount).toList());
        assertEquals(-2466, feeLines.stream().mapToLong(KlarnaLine::totalAmount).sum());
        assertEquals(order.totalTax(), lines.split().tax());
    }

    @Test
    void aTotalThatTheLinesMissByACentIsARoundingLineWithoutTax() {
        // Tax rounded at subtotal: the lines' taxes add up to 31.25, the order's total_tax is 31.24.
        OrderSnapshot order = order(10000 + 2500 + 2500 + 625 - 1, 3124, List.of(
                product("1", "A", 1, 5000, 5000, 1250, VAT25),
                product("2", "B", 1, 5000, 5000, 1250, VAT25),
                product("3", "C", 1, 2500, 2500, 625, VAT25)), VAT25);
        KlarnaLines lines = KlarnaLines.forOrder(order);
        assertKlarnaRules(lines);
        assertEquals(new KlarnaLine("discount", "rounding", "Rounding", 1, -1, 0, -1, 0, 0),
                lines.lines().get(lines.lines().size() - 1));
        assertEquals(order.total(), lines.amount());
    }

    @Test
    void aLineWhoseTaxItsRateDoesNotExplainIsRefusedWithWhatToDo() {
        OrderSnapshot order = order(12600, 2600, List.of(product("1", "Kopp", 1, 10000, 10000, 2600, VAT25)), VAT25);
        KlarnaLines.UnmappableOrderException e = assertThrows(KlarnaLines.UnmappableOrderException.class,
                () -> KlarnaLines.forOrder(order));
        assertTrue(e.getMessage().contains("Recalculate"), e.getMessage());
    }

    @Test
    void aRateWithThreeDecimalsCannotBeSentToKlarna() {
        TaxRate odd = new TaxRate("9", "Odd", new BigDecimal("8.125"), false);
        OrderSnapshot order = order(10813, 813, List.of(product("1", "A", 1, 10000, 10000, 813, odd)), odd);
        assertThrows(KlarnaLines.UnmappableOrderException.class, () -> KlarnaLines.forOrder(order));
    }

    @Test
    void aRefundOfRowsThatAddUpIsRefundedAsThoseRows() {
        Refund oneCup = new Refund("901", 9000, List.of(product("11", "Kopp", 1, 8000, 7200, 1800, VAT25)), "trasig");
        KlarnaLines lines = KlarnaLines.forRefund(cupsAndTea(), oneCup, TaxSplit.EMPTY);
        assertKlarnaRules(lines);
        assertEquals(List.of(new KlarnaLine("physical", "SKU-11", "Kopp", 1, 10000, 2500, 9000, 1000, 1800)), lines.lines());
        assertEquals(TaxSplit.of(new BigDecimal("25"), 7200, 1800), lines.split());
    }

    @Test
    void aRefundedAmountIsSplitOverTheRatesByWhatIsLeftAtEach() {
        // 12 % holds 56.00 with tax, 25 % 241.25: 100.00 is split 18.84 / 81.16.
        Refund amount = new Refund("902", 10000, List.of(), "");
        KlarnaLines lines = KlarnaLines.forRefund(cupsAndTea(), amount, TaxSplit.EMPTY);
        assertKlarnaRules(lines);
        assertEquals(List.of(1200, 2500), lines.lines().stream().map(KlarnaLine::taxRate).toList());
        assertEquals(List.of(1884L, 8116L), lines.lines().stream().map(KlarnaLine::totalAmount).toList());
        assertEquals(List.of("Refund", "Refund"), lines.lines().stream().map(KlarnaLine::name).toList());
    }

    @Test
    void theRefundOfTheRestReturnsExactlyWhatIsLeftAtEachRate() {
        OrderSnapshot order = cupsAndTea();
        KlarnaLines first = KlarnaLines.forRefund(order, new Refund("901", 10000, List.of(), ""), TaxSplit.EMPTY);
        KlarnaLines rest = KlarnaLines.forRefund(order, new Refund("902", order.total() - 10000, List.of(), "rest"),
                first.split());
        assertKlarnaRules(rest);
        assertEquals(KlarnaLines.charged(order), first.split().plus(rest.split()));
    }

    @Test
    void aRefundLargerThanWhatIsLeftOrOfNothingIsRefused() {
        OrderSnapshot order = cupsAndTea();
        assertThrows(KlarnaLines.UnmappableOrderException.class,
                () -> KlarnaLines.forRefund(order, new Refund("9", order.total() + 1, List.of(), ""), TaxSplit.EMPTY));
        assertThrows(KlarnaLines.UnmappableOrderException.class,
                () -> KlarnaLines.forRefund(order, new Refund("9", 0, List.of(), ""), TaxSplit.EMPTY));
    }

    @Test
    void refundsBeforeCaptureAreTakenOffAsDiscountLines() {
        Refund oneCup = new Refund("901", 9000, List.of(product("11", "Kopp", 1, 8000, 7200, 1800, VAT25)), "");
        Refund amount = new Refund("902", 1000, List.of(), "goodwill");
        KlarnaLines lines = KlarnaLines.forReservation(cupsAndTea(), List.of(amount, oneCup));
        assertKlarnaRules(lines);
        assertEquals(cupsAndTea().total() - 10000, lines.amount());
        List<KlarnaLine> taken = lines.lines().subList(3, lines.lines().size());
        assertEquals("Refunded: Kopp", taken.get(0).name(), "the older refund first");
        assertEquals(-9000, taken.get(0).totalAmount());
        assertTrue(taken.stream().allMatch(l -> l.type().equals("discount") && l.quantity() == 1));
        assertEquals("Refund: goodwill", taken.get(1).name());
    }

    @Test
    void anOrderRefundedInFullBeforeCaptureHasNothingToCapture() {
        OrderSnapshot order = cupsAndTea();
        KlarnaLines.UnmappableOrderException e = assertThrows(KlarnaLines.UnmappableOrderException.class,
                () -> KlarnaLines.forReservation(order, List.of(new Refund("9", order.total(), List.of(), ""))));
        assertTrue(e.getMessage().contains("cancel"), e.getMessage());
    }

    static Stream<Arguments> taxTolerance() {
        return Stream.of(
                Arguments.of(18000L, 2500, 3600L, true),
                Arguments.of(18000L, 2500, 3601L, true),
                Arguments.of(18000L, 2500, 3602L, false),
                Arguments.of(12500L, 2500, 2499L, true),
                Arguments.of(12500L, 2500, 2498L, false),
                Arguments.of(-2175L, 2500, -435L, true),
                Arguments.of(100L, 0, 0L, true),
                Arguments.of(100L, 0, 1L, true),
                Arguments.of(100L, 0, 2L, false));
    }

    @ParameterizedTest(name = "total {0} at {1} with tax {2}: {3}")
    @MethodSource("taxTolerance")
    void klarnasTaxRuleAllowsOneMinorUnitEitherWay(long total, int rate, long tax, boolean fits) {
        assertEquals(fits, KlarnaTax.taxFits(total, tax, rate));
    }

    @Test
    void namesLongerThanKlarnaTakesAreCut() {
        String longName = "x".repeat(300);
        KlarnaLines lines = KlarnaLines.forOrder(order(12500, 2500, List.of(product("1", longName, 1, 10000, 10000, 2500,
                VAT25)), VAT25));
        assertEquals(255, lines.lines().get(0).name().length());
    }

    @Test
    void theRatesAreInHundredthsOfAPercent() {
        TaxRate swiss = new TaxRate("7", "MWST", new BigDecimal("7.7"), false);
        KlarnaLines lines = KlarnaLines.forOrder(order(10770, 770, List.of(product("1", "Uhr", 1, 10000, 10000, 770, swiss)),
                swiss));
        assertEquals(770, lines.lines().get(0).taxRate());
    }
}

package io.orderhook.provider.billmate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.orderhook.order.Money;
import io.orderhook.provider.PaymentState;
import io.orderhook.provider.billmate.BillmateErrorCodes.Kind;

/** Billmate's tables: error codes, status words, text and money conversion. */
class BillmateRulesTest {

    static Stream<Arguments> errorCodes() {
        return Stream.of(
                Arguments.of("5290", Kind.TEMPORARY), Arguments.of("5291", Kind.TEMPORARY),
                Arguments.of("5292", Kind.TEMPORARY), Arguments.of("4102", Kind.TEMPORARY),
                Arguments.of("5260", Kind.TEMPORARY), Arguments.of("8900", Kind.TEMPORARY),
                Arguments.of("9008", Kind.TRANSIENT), Arguments.of("9510", Kind.TRANSIENT),
                Arguments.of("6502", Kind.TRANSIENT),
                Arguments.of("9010", Kind.CREDENTIALS), Arguments.of("9011", Kind.CREDENTIALS),
                Arguments.of("9013", Kind.CREDENTIALS), Arguments.of("20616", Kind.CREDENTIALS),
                Arguments.of("5201", Kind.REFUSED), Arguments.of("5208", Kind.REFUSED),
                Arguments.of("5209", Kind.REFUSED), Arguments.of("5210", Kind.REFUSED),
                Arguments.of("5220", Kind.REFUSED), Arguments.of("5204", Kind.REFUSED),
                Arguments.of("5213", Kind.REFUSED), Arguments.of("5214", Kind.REFUSED),
                Arguments.of("5215", Kind.REFUSED), Arguments.of("5216", Kind.REFUSED),
                Arguments.of("9102", Kind.REFUSED), Arguments.of("9107", Kind.REFUSED),
                Arguments.of("9113", Kind.REFUSED), Arguments.of("123456789", Kind.REFUSED));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @MethodSource("errorCodes")
    void eachErrorCodeIsClassified(String code, Kind kind) {
        assertEquals(kind, BillmateErrorCodes.kind(code));
    }

    @Test
    void everyTransientTemporaryAndCredentialsCodeIsADocumentedOne() {
        assertEquals(214, BillmateErrorCodes.DOCUMENTED.size(), "the documented list has 214 codes");
        long transientCount = BillmateErrorCodes.DOCUMENTED.stream().filter(c -> BillmateErrorCodes.kind(c) == Kind.TRANSIENT).count();
        long credentialsCount = BillmateErrorCodes.DOCUMENTED.stream().filter(c -> BillmateErrorCodes.kind(c) == Kind.CREDENTIALS).count();
        long temporaryCount = BillmateErrorCodes.DOCUMENTED.stream().filter(c -> BillmateErrorCodes.kind(c) == Kind.TEMPORARY).count();
        assertEquals(6, transientCount);
        assertEquals(9, temporaryCount);
        assertEquals(6, credentialsCount);
        assertFalse(BillmateErrorCodes.isDocumented("123456789"));
    }

    static Stream<Arguments> statuses() {
        return Stream.of(
                Arguments.of("Created", PaymentState.RESERVED), Arguments.of("Approved", PaymentState.RESERVED),
                Arguments.of("FactoringWithRegress", PaymentState.RESERVED),
                Arguments.of("Pending", PaymentState.PENDING), Arguments.of("Manual", PaymentState.PENDING),
                Arguments.of("Paid", PaymentState.ACTIVATED), Arguments.of("Factoring", PaymentState.ACTIVATED),
                Arguments.of("PartPayment", PaymentState.ACTIVATED), Arguments.of("Partpayment", PaymentState.ACTIVATED),
                // Status.md: a created payment's credit check "Handling", and an activated handling invoice (case 10).
                Arguments.of("Handling", PaymentState.AMBIGUOUS), Arguments.of("Credited", PaymentState.CREDITED),
                Arguments.of("Cancelled", PaymentState.CANCELLED), Arguments.of("Rejected", PaymentState.REJECTED),
                Arguments.of("FactoringWithoutRegress", PaymentState.RESERVED),
                Arguments.of("SomethingNew", PaymentState.AMBIGUOUS));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @MethodSource("statuses")
    void billmatesStatusWordsMapToPaymentStates(String status, PaymentState state) {
        assertEquals(state, BillmateProvider.state(status));
    }

    static Stream<Arguments> texts() {
        return Stream.of(
                Arguments.of("Räksmörgås", "Räksmörgås"),
                Arguments.of("Ship Your Idea &ndash; Black", "Ship Your Idea - Black"),
                Arguments.of("Kaffe &amp; Te", "Kaffe & Te"),
                Arguments.of("Pris 10 €", "Pris 10 EUR"),
                Arguments.of("Tack 😀!", "Tack ?!"),
                Arguments.of("tab\there", "tabhere"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("texts")
    void textSentToBillmateStaysWithinLatin1SoTheServerKeepsItAsHashed(String text, String sent) {
        String latin1 = BillmateText.latin1(text, 255);
        assertEquals(sent, latin1);
        assertTrue(latin1.chars().allMatch(c -> c <= 0xff));
    }

    static Stream<Arguments> amounts() {
        return Stream.of(
                Arguments.of("12.50", 2, 1250L), Arguments.of("0.45", 2, 45L), Arguments.of("-10.00", 2, -1000L),
                Arguments.of("7", 2, 700L), Arguments.of("1.005", 2, 101L), Arguments.of("2935", 0, 2935L));
    }

    @ParameterizedTest(name = "{0} with {1} decimals")
    @MethodSource("amounts")
    void decimalStringsBecomeMinorUnits(String text, int decimals, long minor) {
        assertEquals(minor, Money.parse(text, decimals));
    }

    @Test
    void minorUnitsOfTheCurrencyComeFromItsCode() {
        assertEquals(2, Money.decimals("SEK"));
        assertEquals(2, Money.decimals("EUR"));
        assertEquals(0, Money.decimals("JPY"));
        assertEquals("12.50", Money.format(1250, 2));
    }
}

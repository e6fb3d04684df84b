package io.orderhook.provider.billmate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.JsonProcessingException;

import io.orderhook.order.TaxSplit;
import io.orderhook.order.TaxSplit.Part;

/** What a payment booked at each rate, read from getPaymentinfo's answer ({@link BillmateBooked}). */
class BillmateBookedTest {

    private static final BigDecimal P25 = new BigDecimal("25");
    private static final BigDecimal P6 = new BigDecimal("6");

    /** Get-payment-info.md's answer: its Articles and Cart as the page gives them. */
    private static final String DOCUMENTED = """
            {"PaymentData":{"status":"Created"},
             "Articles":[
               {"artnr":"","title":"Article 1","quantity":"2","aprice":"1234","tax":"617","discount":"0","withouttax":"2468","taxrate":"25"},
               {"artnr":"B456","title":"Article 2","quantity":"3.5","aprice":"56780","tax":"44714","discount":"10","withouttax":"178857","taxrate":"25"}],
             "Cart":{"Handling":{"withouttax":"1000","taxrate":"25"},"Shipping":{"withouttax":"3000","taxrate":"25"},
                     "Total":{"rounding":"44","withouttax":"185325","tax":"46331","withtax":"231700"}}}""";

    private static JsonNode json(String text) {
        try {
            return BillmateJson.parse(text);
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theDocumentedAnswerBookedItsRowsAt25PercentAndItsRoundingAtNoRate() {
        // 617 + 44714 for the articles, 250 and 750 for Handling and Shipping: Total.tax 46331.
        assertEquals(Optional.of(new TaxSplit(Map.of(P25, new Part(185325, 46331), BigDecimal.ZERO, new Part(44, 0)))),
                BillmateBooked.from(json(DOCUMENTED)));
    }

    @Test
    void aTotalTaxBelowTheRowsVatIsBookedAtNoRate() {
        // A checkout plugin's cart: the shop's total_tax 0.08 on 1.42 at 6 %, whose row Billmate books at 0.09.
        JsonNode answer = json("""
                {"Articles":[{"artnr":"MOMS6-050","title":"Tidning 6","quantity":"3","aprice":"47","tax":"9","withouttax":"142","taxrate":"6"}],
                 "Cart":{"Total":{"withouttax":"142","tax":"8","rounding":"0","withtax":"150"}}}""");

        assertEquals(Optional.of(new TaxSplit(Map.of(P6, new Part(142, 9), BigDecimal.ZERO, new Part(-1, 0)))),
                BillmateBooked.from(answer));
    }

    @Test
    void freeTextRowsBookNothing() {
        JsonNode answer = json(DOCUMENTED.replace("\"Articles\":[", "\"Articles\":[{\"artnr\":\"--freetext--\",\"title\":\"Thanks!\"},"));

        assertEquals(BillmateBooked.from(json(DOCUMENTED)), BillmateBooked.from(answer));
    }

    @Test
    void anAnswerWithoutEachArticlesTaxDoesNotTellWhatWasBooked() {
        // Billmate's rounding of each row's VAT is then unknown: the caller falls back to the order's tax lines.
        JsonNode answer = json(DOCUMENTED.replace("\"tax\":\"617\",", ""));

        assertEquals(Optional.empty(), BillmateBooked.from(answer));
    }

    @Test
    void anAnswerWithoutArticlesOrWhoseRowsDoNotAddUpDoesNotTellWhatWasBooked() {
        assertEquals(Optional.empty(), BillmateBooked.from(json("{\"PaymentData\":{\"status\":\"Paid\"}}")));
        assertEquals(Optional.empty(), BillmateBooked.from(json(DOCUMENTED.replace("\"withtax\":\"231700\"", "\"withtax\":\"231800\""))));
        assertEquals(Optional.empty(), BillmateBooked.from(json(DOCUMENTED.replace("\"tax\":\"617\"", "\"tax\":\"617.5\""))));
    }
}

package io.orderhook.testkit.billmate;

import java.util.Optional;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Billmate's creditPayment (creditPayment.md, API-Error-codes.md): a credit invoice against an
 * activated payment, of part of it ({@code partcredit}) or of all of it, never more than the
 * original (5214) or than is left (5213); not of a credit invoice (5212), a cancelled (5211) or a
 * created payment (5205). The credit invoice is a payment of its own, Paid at once. Runs under
 * the {@link PaymentBook}'s lock.
 */
final class PaymentCredits {
    private final BillmateAnswers answers;
    private volatile BillmateSandbox.CreditAnswer creditAnswer = BillmateSandbox.CreditAnswer.NEW_NUMBER_PAID;

    PaymentCredits(BillmateAnswers answers) {
        this.answers = answers;
    }

    /** How creditPayment answers: Billmate's docs show both. */
    void creditAnswer(BillmateSandbox.CreditAnswer answer) {
        this.creditAnswer = answer;
    }

    /**
     * Credits {@code payment}, the merchant's, as {@code data} asks.
     *
     * @param newPayment a new payment of the merchant's in the book, under the next number: the credit invoice
     */
    ObjectNode credit(StoredPayment payment, String secret, JsonNode data, Supplier<StoredPayment> newPayment) {
        JsonNode paymentData = data.path("PaymentData");
        if (payment.relatedNumber != null) {
            return answers.error(secret, "5212", "Cannot credit a credit invoice.");
        }
        if ("Cancelled".equals(payment.status)) {
            return answers.error(secret, "5211", "Cannot credit a cancelled invoice.");
        }
        if ("Created".equals(payment.status)) {
            return answers.error(secret, "5205", "Cannot credit a created invoice or part payment invoice.");
        }
        String partcredit = paymentData.path("partcredit").asText("false");
        boolean part = "true".equals(partcredit) || "1".equals(partcredit);
        long balance = payment.totalWithTax - payment.creditedWithTax;
        long amount;
        JsonNode articles;
        if (part) {
            Optional<CartRules.Violation> violation = CartRules.check(data);
            if (violation.isPresent()) {
                return answers.error(secret, violation.get().code(), violation.get().message());
            }
            amount = BillmateFields.integer(data.path("Cart").path("Total").path("withtax"));
            if (amount > payment.totalWithTax) {
                return answers.error(secret, "5214", "Amount too high. Cannot credit more than the value of the original payment.");
            }
            if (amount > balance) {
                return answers.error(secret, "5213", "Amount too high. Cannot credit more than the value of balance due.");
            }
            articles = data.path("Articles").deepCopy();
        } else {
            if (balance <= 0) {
                return answers.error(secret, "5204", "Cannot credit more than balance due");
            }
            // partcredit=false credits the whole payment ("the full amount is always credited"), which
            // no longer fits once part of it was credited.
            if (payment.creditedWithTax > 0) {
                return answers.error(secret, "5213", "Amount too high. Cannot credit more than the value of balance due.");
            }
            amount = payment.totalWithTax;
            articles = payment.articles.deepCopy();
        }
        StoredPayment credit = newPayment.get();
        credit.orderId = payment.orderId;
        credit.currency = payment.currency;
        credit.country = payment.country;
        credit.language = payment.language;
        credit.method = payment.method;
        credit.status = "Paid"; // credit invoices are activated at once
        credit.articles = articles;
        credit.cart = part ? data.path("Cart").deepCopy() : payment.cart.deepCopy();
        credit.totalWithTax = amount;
        credit.reservedWithTax = amount;
        credit.relatedNumber = payment.number;
        credit.customer = payment.customer;

        payment.creditedWithTax += amount;
        payment.creditedByRate = payment.creditedByRate.plus(part ? CartVat.split(data) : payment.chargedByRate());
        payment.creditNumbers.add(credit.number);
        if (payment.creditedWithTax >= payment.totalWithTax) {
            payment.status = "Credited";
        }
        return creditAnswer == BillmateSandbox.CreditAnswer.NEW_NUMBER_PAID
                ? answers.ok(secret, BillmateAnswers.paymentAnswer(payment, credit.number, "Paid"))
                : answers.ok(secret, BillmateAnswers.paymentAnswer(payment, payment.number, "Credited"));
    }
}

package io.orderhook.testkit.billmate;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** A payment (or credit invoice) as the Billmate sandbox keeps it; changed only under the book's lock. */
final class StoredPayment {
    String number;
    String merchantId;
    String orderId;
    String currency;
    String country;
    String language;
    int method;
    String status;
    /** The credit check's result for a Created payment (Approved, Pending, Handling, Rejected, Manual), or null. */
    String creditCheck;
    JsonNode customer;
    JsonNode articles;
    JsonNode cart;
    long totalWithTax;
    long reservedWithTax;
    long creditedWithTax;
    TaxByRate charged = TaxByRate.EMPTY;
    TaxByRate creditedByRate = TaxByRate.EMPTY;
    final List<String> creditNumbers = new ArrayList<>();
    String relatedNumber;

    BillmateSandbox.Payment snapshot() {
        return new BillmateSandbox.Payment(number, merchantId, orderId, method, status, articles.deepCopy(),
                cart.deepCopy(), totalWithTax, creditedWithTax, List.copyOf(creditNumbers), relatedNumber, charged,
                creditedByRate);
    }

    TaxByRate chargedByRate() {
        return charged;
    }

    /** The status an activated payment of this method has. */
    static String activatedStatus(int method) {
        return switch (method) {
            case 1 -> "Factoring";
            case 2 -> "Handling";
            case 4 -> "PartPayment";
            default -> "Paid";
        };
    }
}

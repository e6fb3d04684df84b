package io.orderhook.provider.billmate;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.order.TaxSplit;
import io.orderhook.provider.PaymentInfo;
import io.orderhook.provider.PaymentState;
import io.orderhook.provider.ProviderResult;

/**
 * getPaymentinfo's result ({@link ProviderResult.Done#info()} holds the status and total), and when
 * it is done, what the payment's cart booked at each rate (empty when the answer does not tell,
 * {@link BillmateBooked#from}).
 */
record PaymentInfoRead(ProviderResult result, Optional<TaxSplit> booked) {

    static PaymentInfoRead of(BillmateTransport transport, String number) {
        ObjectNode data = BillmateJson.object().put("number", number);
        AtomicReference<Optional<TaxSplit>> booked = new AtomicReference<>(Optional.empty());
        ProviderResult result = transport.call("getPaymentinfo", data, false, answer -> {
            booked.set(BillmateBooked.from(answer));
            JsonNode paymentData = answer.path("PaymentData");
            String status = paymentData.path("status").asText("");
            long withtax = integer(answer.path("Cart").path("Total").path("withtax"));
            PaymentState state = state(status);
            boolean reserved = state == PaymentState.RESERVED || state == PaymentState.PENDING;
            return new ProviderResult.Done(number, new PaymentInfo(number, state, status, withtax, -1,
                    reserved ? BillmateLifetimes.of(paymentData.path("method").asText("")).orElse(null) : null));
        });
        return new PaymentInfoRead(result, booked.get());
    }

    /**
     * Billmate's status words in orderhook's terms. getPaymentinfo reports the credit check's
     * outcome in place of Created (Status.md), so Approved and the factoring variants are still
     * a reservation.
     */
    static PaymentState state(String providerStatus) {
        return switch (providerStatus.toLowerCase(Locale.ROOT)) {
            case "created", "approved", "factoringwithregress", "factoringwithoutregress" -> PaymentState.RESERVED;
            // Pending and Manual: a created payment whose credit check waits on Billmate's manual review.
            case "pending", "manual" -> PaymentState.PENDING;
            // Status.md: a created payment whose credit check answered Handling, and an activated handling invoice.
            case "handling" -> PaymentState.AMBIGUOUS;
            case "paid", "factoring", "partpayment", "e-brev", "e-brevsent", "service" -> PaymentState.ACTIVATED;
            case "credited" -> PaymentState.CREDITED;
            case "cancelled" -> PaymentState.CANCELLED;
            case "rejected" -> PaymentState.REJECTED;
            // A word the documents do not list is not actionable: decided by nothing orderhook knows.
            default -> PaymentState.AMBIGUOUS;
        };
    }

    private static long integer(JsonNode node) {
        try {
            return new BigDecimal(node.asText("0").isBlank() ? "0" : node.asText("0"))
                    .setScale(0, RoundingMode.HALF_UP).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            return -1;
        }
    }
}

package io.orderhook.testkit.billmate;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The Billmate sandbox's payments and what each API function does to them, with Billmate's
 * status rules and error codes (see {@link BillmateSandbox}); credits are {@link PaymentCredits}'.
 * Also counts the authenticated calls per function and payment. Thread-safe: everything runs under
 * the book's lock.
 */
final class PaymentBook {
    /** Bank, cash (receipt) and Swish: the money is taken at checkout, there is no reservation. */
    private static final Set<Integer> PAID_AT_CHECKOUT = Set.of(16, 32, 1024);

    private final Map<String, StoredPayment> payments = new HashMap<>();
    private final Map<String, Integer> callCounts = new HashMap<>();
    private final Map<String, JsonNode> lastData = new HashMap<>();
    private final AtomicLong nextNumber = new AtomicLong(1000235);
    private final BillmateAnswers answers;
    private final PaymentCredits credits;
    private volatile boolean articleTaxInPaymentinfo = true;

    PaymentBook(BillmateAnswers answers) {
        this.answers = answers;
        this.credits = new PaymentCredits(answers);
    }

    void articleTaxInPaymentinfo(boolean on) {
        this.articleTaxInPaymentinfo = on;
    }

    void creditAnswer(BillmateSandbox.CreditAnswer answer) {
        credits.creditAnswer(answer);
    }

    /** Counts an authenticated call of {@code function} (naming payment {@code number}, or null) and keeps its data. */
    synchronized void count(String function, String number, JsonNode data) {
        callCounts.merge(function, 1, Integer::sum);
        if (number != null) {
            lastData.put(function + "#" + number, data.deepCopy());
            callCounts.merge(function + "#" + number, 1, Integer::sum);
        }
    }

    synchronized int calls(String key) {
        return callCounts.getOrDefault(key, 0);
    }

    synchronized Optional<JsonNode> lastData(String function, String number) {
        JsonNode data = lastData.get(function + "#" + number);
        return data == null ? Optional.empty() : Optional.of(data.deepCopy());
    }

    synchronized Optional<BillmateSandbox.Payment> payment(String number) {
        StoredPayment stored = payments.get(number);
        return stored == null ? Optional.empty() : Optional.of(stored.snapshot());
    }

    synchronized void setStatus(String number, String status) {
        stored(number).status = status;
    }

    synchronized void setCreditCheck(String number, String result) {
        stored(number).creditCheck = result;
    }

    private StoredPayment stored(String number) {
        StoredPayment stored = payments.get(number);
        if (stored == null) {
            throw new IllegalArgumentException("the sandbox has no payment " + number);
        }
        return stored;
    }

    /** Runs {@code function} for an authenticated merchant: the answer, signed with its secret. */
    synchronized ObjectNode apply(String merchantId, String secret, String function, JsonNode data) {
        return switch (function) {
            case "addPayment" -> addPayment(merchantId, secret, data);
            case "activatePayment" -> withPayment(merchantId, secret, data, payment -> activatePayment(secret, payment));
            case "cancelPayment" -> withPayment(merchantId, secret, data, payment -> cancelPayment(secret, payment));
            case "updatePayment" -> withPayment(merchantId, secret, data, payment -> updatePayment(secret, payment, data));
            case "creditPayment" -> withPayment(merchantId, secret, data,
                    payment -> credits.credit(payment, secret, data, () -> newPayment(merchantId)));
            case "getPaymentinfo" -> withPayment(merchantId, secret, data, payment -> getPaymentinfo(secret, payment));
            default -> answers.error(secret, "9001", "The method that you are calling does not exist: " + function);
        };
    }

    private ObjectNode addPayment(String merchantId, String secret, JsonNode data) {
        JsonNode paymentData = data.path("PaymentData");
        int method;
        try {
            method = Integer.parseInt(paymentData.path("method").asText("1"));
        } catch (NumberFormatException e) {
            return answers.error(secret, "5207", "Method is unknown: " + paymentData.path("method").asText());
        }
        if (!Set.of(1, 2, 4, 8, 16, 32, 1024).contains(method)) {
            return answers.error(secret, "5207", "Method is unknown: " + method);
        }
        int paidWith = method;
        Optional<CartRules.Violation> violation = PaymentDataRules.checkPaymentData(data)
                .or(() -> PaymentDataRules.checkCustomer(data, paidWith)).or(() -> CartRules.check(data));
        if (violation.isPresent()) {
            return answers.error(secret, violation.get().code(), violation.get().message());
        }
        StoredPayment payment = newPayment(merchantId);
        payment.orderId = paymentData.path("orderid").asText();
        payment.currency = paymentData.path("currency").asText();
        payment.country = paymentData.path("country").asText();
        payment.language = paymentData.path("language").asText();
        payment.method = method;
        // Direct payments are taken when the customer pays; autoactivate=1 finalises any payment at once.
        boolean autoactivate = "1".equals(paymentData.path("autoactivate").asText("0"));
        payment.status = PAID_AT_CHECKOUT.contains(method) || autoactivate ? StoredPayment.activatedStatus(method) : "Created";
        payment.customer = data.path("Customer").isObject() ? data.path("Customer").deepCopy() : JsonNodeFactory.instance.objectNode();
        setCart(payment, data);
        callCounts.merge("addPayment#" + payment.number, 1, Integer::sum);
        return answers.ok(secret, BillmateAnswers.paymentAnswer(payment, payment.number, payment.status));
    }

    private ObjectNode activatePayment(String secret, StoredPayment payment) {
        if (payment.relatedNumber != null) {
            return answers.error(secret, "5223", "Cannot activate a credit invoice.");
        }
        if ("Cancelled".equals(payment.status)) {
            return answers.error(secret, "5210", "Cannot activate a cancelled invoice.");
        }
        if (!"Created".equals(payment.status)) {
            return answers.error(secret, "5208", "Unable to activate a non created invoice (status " + payment.status + ").");
        }
        if ("Rejected".equals(payment.creditCheck)) {
            return answers.error(secret, "5206", "Could not activate Factoring invoice. Person number was denied in credit check.");
        }
        if ("Pending".equals(payment.creditCheck) || "Manual".equals(payment.creditCheck)) {
            return answers.error(secret, "5202", "Invalid status of payment: the credit check is " + payment.creditCheck + ".");
        }
        payment.status = StoredPayment.activatedStatus(payment.method);
        return answers.ok(secret, BillmateAnswers.paymentAnswer(payment, payment.number, payment.status));
    }

    private ObjectNode cancelPayment(String secret, StoredPayment payment) {
        if ("Cancelled".equals(payment.status)) {
            return answers.error(secret, "5220", "Can not cancel an already cancelled payment.");
        }
        if (!"Created".equals(payment.status)) {
            return answers.error(secret, "5209", "Unable to cancel a sent invoice (status " + payment.status + ").");
        }
        payment.status = "Cancelled";
        return answers.ok(secret, BillmateAnswers.paymentAnswer(payment, payment.number, payment.status));
    }

    private ObjectNode updatePayment(String secret, StoredPayment payment, JsonNode data) {
        if (payment.method == 16) {
            return answers.error(secret, "5216", "You can not update a bank payment.");
        }
        if (!"Created".equals(payment.status)) {
            return answers.error(secret, "5202", "Couldn't update payment - payment does not have status created.");
        }
        Optional<CartRules.Violation> violation = PaymentDataRules.checkPaymentData(data)
                .or(() -> PaymentDataRules.checkCustomer(data, payment.method)).or(() -> CartRules.check(data));
        if (violation.isPresent()) {
            return answers.error(secret, violation.get().code(), violation.get().message());
        }
        long newTotal = BillmateFields.integer(data.path("Cart").path("Total").path("withtax"));
        if (payment.method == 8 && newTotal > payment.reservedWithTax) {
            return answers.error(secret, "5215",
                    "The payment was not updated. Can not update to a value that exceeds the original value.");
        }
        setCart(payment, data);
        return answers.ok(secret, BillmateAnswers.paymentAnswer(payment, payment.number, payment.status));
    }

    private ObjectNode getPaymentinfo(String secret, StoredPayment payment) {
        ObjectNode info = JsonNodeFactory.instance.objectNode();
        info.putObject("PaymentData")
                .put("method", Integer.toString(payment.method))
                .put("paymentplanid", "")
                .put("currency", payment.currency)
                .put("country", payment.country)
                .put("language", payment.language)
                .put("autoactivate", "0")
                .put("orderid", payment.orderId)
                .put("status", "Created".equals(payment.status) && payment.creditCheck != null ? payment.creditCheck
                        : payment.status)
                .put("paymentid_related", payment.relatedNumber == null ? "" : payment.relatedNumber)
                .put("url", BillmateAnswers.url(payment.number));
        info.putObject("PaymentInfo").put("paymentdate", "").put("paymentterms", "14");
        info.set("Customer", payment.customer.deepCopy());
        info.set("Articles", BillmateAnswers.articlesWithTax(payment.articles, articleTaxInPaymentinfo));
        info.set("Cart", payment.cart.deepCopy());
        return answers.ok(secret, info);
    }

    /** Runs {@code function} on the merchant's payment that {@code data} names: 5200 when none is named, 5201 when it is not theirs. */
    private ObjectNode withPayment(String merchantId, String secret, JsonNode data,
            Function<StoredPayment, ObjectNode> function) {
        String number = number(data);
        if (number == null) {
            return answers.error(secret, "5200", "Payment number is mandatory");
        }
        StoredPayment payment = payments.get(number);
        if (payment == null || !payment.merchantId.equals(merchantId)) {
            return answers.error(secret, "5201", "Invoice number " + number + " does not exist.");
        }
        return function.apply(payment);
    }

    /** A new payment of the merchant's under the next number, in the book. */
    private StoredPayment newPayment(String merchantId) {
        StoredPayment payment = new StoredPayment();
        payment.number = Long.toString(nextNumber.getAndIncrement());
        payment.merchantId = merchantId;
        payments.put(payment.number, payment);
        return payment;
    }

    /** {@code data.number} in the current docs; {@code data.PaymentData.number} in older modules. */
    static String number(JsonNode data) {
        JsonNode number = data.path("number");
        if (number.isMissingNode() || number.asText().isEmpty()) {
            number = data.path("PaymentData").path("number");
        }
        return number.isMissingNode() || number.isNull() || number.asText().isEmpty() ? null : number.asText();
    }

    private static void setCart(StoredPayment payment, JsonNode data) {
        payment.articles = data.path("Articles").deepCopy();
        payment.cart = data.path("Cart").deepCopy();
        payment.totalWithTax = BillmateFields.integer(data.path("Cart").path("Total").path("withtax"));
        payment.charged = CartVat.split(data);
        if (payment.reservedWithTax == 0) {
            payment.reservedWithTax = payment.totalWithTax;
        }
    }
}

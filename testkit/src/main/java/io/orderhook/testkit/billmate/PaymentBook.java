package io.orderhook.testkit.billmate;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The Billmate sandbox's payments and what each API function does to them, with Billmate's
 * status rules and error codes (see {@link BillmateSandbox}). Also counts the authenticated calls
 * per function and payment. Thread-safe: everything runs under the book's lock.
 */
final class PaymentBook {
    /** Bank, cash (receipt) and Swish: the money is taken at checkout, there is no reservation. */
    private static final Set<Integer> PAID_AT_CHECKOUT = Set.of(16, 32, 1024);

    private final Map<String, StoredPayment> payments = new HashMap<>();
    private final Map<String, Integer> callCounts = new HashMap<>();
    private final Map<String, JsonNode> lastData = new HashMap<>();
    private final AtomicLong nextNumber = new AtomicLong(1000235);
    private final BillmateAnswers answers;
    private volatile BillmateSandbox.CreditAnswer creditAnswer = BillmateSandbox.CreditAnswer.NEW_NUMBER_PAID;
    private volatile boolean articleTaxInPaymentinfo = true;

    PaymentBook(BillmateAnswers answers) {
        this.answers = answers;
    }

    void articleTaxInPaymentinfo(boolean on) {
        this.articleTaxInPaymentinfo = on;
    }

    void creditAnswer(BillmateSandbox.CreditAnswer answer) {
        this.creditAnswer = answer;
    }

    /** Counts an authenticated call of {@code function} (naming payment {@code number}, or null) and keeps its data. */
    synchronized void count(String function, String number, JsonNode data) {
        callCounts.merge(function, 1, Integer::sum);
        if (number != null) {
            lastData.put(function + "#" + number, data.deepCopy());
        }
        if (number != null) {
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
            case "activatePayment" -> activatePayment(merchantId, secret, data);
            case "cancelPayment" -> cancelPayment(merchantId, secret, data);
            case "updatePayment" -> updatePayment(merchantId, secret, data);
            case "creditPayment" -> creditPayment(merchantId, secret, data);
            case "getPaymentinfo" -> getPaymentinfo(merchantId, secret, data);
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
        Optional<CartRules.Violation> violation = CartRules.checkPaymentData(data)
                .or(() -> CartRules.checkCustomer(data, paidWith)).or(() -> CartRules.check(data));
        if (violation.isPresent()) {
            return answers.error(secret, violation.get().code(), violation.get().message());
        }
        StoredPayment payment = new StoredPayment();
        payment.number = Long.toString(nextNumber.getAndIncrement());
        payment.merchantId = merchantId;
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
        payments.put(payment.number, payment);
        callCounts.merge("addPayment#" + payment.number, 1, Integer::sum);
        return answers.ok(secret, BillmateAnswers.paymentAnswer(payment, payment.number, payment.status));
    }

    private ObjectNode activatePayment(String merchantId, String secret, JsonNode data) {
        StoredPayment payment = find(merchantId, number(data));
        if (payment == null) {
            return noSuchPayment(secret, data);
        }
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

    private ObjectNode cancelPayment(String merchantId, String secret, JsonNode data) {
        StoredPayment payment = find(merchantId, number(data));
        if (payment == null) {
            return noSuchPayment(secret, data);
        }
        if ("Cancelled".equals(payment.status)) {
            return answers.error(secret, "5220", "Can not cancel an already cancelled payment.");
        }
        if (!"Created".equals(payment.status)) {
            return answers.error(secret, "5209", "Unable to cancel a sent invoice (status " + payment.status + ").");
        }
        payment.status = "Cancelled";
        return answers.ok(secret, BillmateAnswers.paymentAnswer(payment, payment.number, payment.status));
    }

    private ObjectNode updatePayment(String merchantId, String secret, JsonNode data) {
        StoredPayment payment = find(merchantId, number(data));
        if (payment == null) {
            return noSuchPayment(secret, data);
        }
        if (payment.method == 16) {
            return answers.error(secret, "5216", "You can not update a bank payment.");
        }
        if (!"Created".equals(payment.status)) {
            return answers.error(secret, "5202", "Couldn't update payment - payment does not have status created.");
        }
        Optional<CartRules.Violation> violation = CartRules.checkPaymentData(data)
                .or(() -> CartRules.checkCustomer(data, payment.method)).or(() -> CartRules.check(data));
        if (violation.isPresent()) {
            return answers.error(secret, violation.get().code(), violation.get().message());
        }
        long newTotal = CartRules.integer(data.path("Cart").path("Total").path("withtax"));
        if (payment.method == 8 && newTotal > payment.reservedWithTax) {
            return answers.error(secret, "5215",
                    "The payment was not updated. Can not update to a value that exceeds the original value.");
        }
        setCart(payment, data);
        return answers.ok(secret, BillmateAnswers.paymentAnswer(payment, payment.number, payment.status));
    }

    private ObjectNode creditPayment(String merchantId, String secret, JsonNode data) {
        JsonNode paymentData = data.path("PaymentData");
        StoredPayment payment = find(merchantId, number(data));
        if (payment == null) {
            return noSuchPayment(secret, data);
        }
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
            amount = CartRules.integer(data.path("Cart").path("Total").path("withtax"));
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
        StoredPayment credit = new StoredPayment();
        credit.number = Long.toString(nextNumber.getAndIncrement());
        credit.merchantId = merchantId;
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
        payments.put(credit.number, credit);

        payment.creditedWithTax += amount;
        payment.creditedByRate = payment.creditedByRate.plus(part ? CartRules.split(data) : payment.chargedByRate());
        payment.creditNumbers.add(credit.number);
        if (payment.creditedWithTax >= payment.totalWithTax) {
            payment.status = "Credited";
        }
        return creditAnswer == BillmateSandbox.CreditAnswer.NEW_NUMBER_PAID
                ? answers.ok(secret, BillmateAnswers.paymentAnswer(payment, credit.number, "Paid"))
                : answers.ok(secret, BillmateAnswers.paymentAnswer(payment, payment.number, "Credited"));
    }

    private ObjectNode getPaymentinfo(String merchantId, String secret, JsonNode data) {
        StoredPayment payment = find(merchantId, number(data));
        if (payment == null) {
            return noSuchPayment(secret, data);
        }
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

    private StoredPayment find(String merchantId, String number) {
        StoredPayment payment = number == null ? null : payments.get(number);
        return payment != null && payment.merchantId.equals(merchantId) ? payment : null;
    }

    private ObjectNode noSuchPayment(String secret, JsonNode data) {
        String number = number(data);
        if (number == null) {
            return answers.error(secret, "5200", "Payment number is mandatory");
        }
        return answers.error(secret, "5201", "Invoice number " + number + " does not exist.");
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
        payment.totalWithTax = CartRules.integer(data.path("Cart").path("Total").path("withtax"));
        payment.charged = CartRules.split(data);
        if (payment.reservedWithTax == 0) {
            payment.reservedWithTax = payment.totalWithTax;
        }
    }
}

package io.orderhook.testkit.billmate;

import java.math.BigDecimal;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The shapes of the Billmate sandbox's answers: signed data, error envelopes, payment answers. */
final class BillmateAnswers {
    private final AtomicLong nextLogId = new AtomicLong(7000001);
    private volatile BillmateSandbox.ErrorEnvelope errorEnvelope = BillmateSandbox.ErrorEnvelope.DATA;

    void errorEnvelope(BillmateSandbox.ErrorEnvelope envelope) {
        this.errorEnvelope = envelope;
    }

    /** {@code data} signed with the merchant's secret. */
    ObjectNode ok(String secret, ObjectNode data) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.putObject("credentials")
                .put("hash", SandboxJson.hash(data, secret))
                .put("logid", Long.toString(nextLogId.getAndIncrement()));
        root.set("data", data);
        return root;
    }

    /** An error for an authenticated caller, in the configured envelope. */
    ObjectNode error(String secret, String code, String message) {
        String logid = Long.toString(nextLogId.getAndIncrement());
        if (errorEnvelope == BillmateSandbox.ErrorEnvelope.TOP_LEVEL) {
            return JsonNodeFactory.instance.objectNode().put("code", code).put("message", message).put("logid", logid);
        }
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("code", code).put("message", message).put("logid", logid);
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.putObject("credentials").put("hash", SandboxJson.hash(data, secret)).put("logid", logid);
        root.set("data", data);
        return root;
    }

    /** An error Billmate cannot sign (the caller is not authenticated): always top-level. */
    ObjectNode topLevelError(String code, String message) {
        return JsonNodeFactory.instance.objectNode().put("code", code).put("message", message)
                .put("logid", Long.toString(nextLogId.getAndIncrement()));
    }

    static ObjectNode paymentAnswer(StoredPayment payment, String number, String status) {
        return JsonNodeFactory.instance.objectNode()
                .put("number", number)
                .put("orderid", payment.orderId)
                .put("status", status)
                .put("url", url(number));
    }

    static String url(String number) {
        return "https://sandbox.invalid/invoice/" + number;
    }

    /**
     * getPaymentinfo answers each article with its own {@code "tax"} after {@code aprice}
     * (Get-payment-info.md): the row's VAT as Billmate books it ({@link CartVat#rowTax}); with
     * {@code withTax} false, no article has one.
     */
    static ArrayNode articlesWithTax(JsonNode articles, boolean withTax) {
        ArrayNode answer = JsonNodeFactory.instance.arrayNode();
        for (JsonNode article : articles) {
            if (!article.isObject()) {
                answer.add(article.deepCopy());
                continue;
            }
            BigDecimal withouttax = BillmateFields.decimal(article.path("withouttax"));
            BigDecimal taxrate = BillmateFields.decimal(article.path("taxrate"));
            String tax = !withTax || withouttax == null || taxrate == null ? null
                    : Long.toString(CartVat.rowTax(withouttax, taxrate));
            ObjectNode row = answer.addObject();
            article.fields().forEachRemaining(field -> {
                if (!field.getKey().equals("tax")) {
                    row.set(field.getKey(), field.getValue().deepCopy());
                }
                if (field.getKey().equals("aprice") && tax != null) {
                    row.put("tax", tax);
                }
            });
            if (tax != null && !row.has("tax")) {
                row.put("tax", tax);
            }
        }
        return answer;
    }
}

package io.orderhook.provider.billmate;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.provider.CallOptions;
import io.orderhook.provider.ProviderCallListener;
import io.orderhook.provider.ProviderResult;

/**
 * One Billmate call: the signed JSON POST, {@code {credentials:{id,hash,version,client,language,
 * time,test}, data, function}}, and what its answer means.
 *
 * <p>Billmate answers HTTP 200 for errors, in two envelopes: {@code data:{code,message,logid}}
 * (documented) and a top-level {@code {code,message}} (examples, older servers); both are read.
 * Every answer's hash is checked; an answer that does not verify is not trusted. A call that
 * changes the payment and whose answer never arrived is reported with
 * {@link ProviderResult.Transient#outcomeUnknown()}. POSTs are never retried here (the JDK client
 * does not retry them either). Every call is told to the {@link ProviderCallListener}, redacted.
 */
final class BillmateTransport {

    /** Reads a verified answer's {@code data} into the call's result. */
    @FunctionalInterface
    interface AnswerReader {
        ProviderResult read(JsonNode data);
    }

    private final URI endpoint;
    private final String merchantId;
    private final String secret;
    private final boolean testMode;
    private final HttpClient http;
    private final CallOptions options;
    private final Clock clock;

    BillmateTransport(URI endpoint, String merchantId, String secret, boolean testMode, HttpClient http,
            CallOptions options, Clock clock) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.merchantId = Objects.requireNonNull(merchantId, "merchantId");
        this.secret = Objects.requireNonNull(secret, "secret");
        this.testMode = testMode;
        this.http = Objects.requireNonNull(http, "http");
        this.options = Objects.requireNonNull(options, "options");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    BillmateTransport withReadTimeout(Duration timeout) {
        return new BillmateTransport(endpoint, merchantId, secret, testMode, http, options.withReadTimeout(timeout), clock);
    }

    BillmateTransport withCallListener(ProviderCallListener callListener) {
        return new BillmateTransport(endpoint, merchantId, secret, testMode, http, options.withListener(callListener), clock);
    }

    BillmateTransport withClock(Clock otherClock) {
        return new BillmateTransport(endpoint, merchantId, secret, testMode, http, options, otherClock);
    }

    /**
     * Calls {@code function} with {@code data}; {@code reader} reads a verified answer.
     *
     * @param changesPayment whether the call changes the payment, so that a lost answer leaves its outcome unknown
     */
    ProviderResult call(String function, ObjectNode data, boolean changesPayment, AnswerReader reader) {
        String body = BillmateJson.encode(envelope(function, data));
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(options.readTimeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        long startedNanos = System.nanoTime();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return report(function, body, null, 0, startedNanos, unanswered(function, e, changesPayment));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return report(function, body, null, 0, startedNanos, new ProviderResult.Transient(
                    "interrupted while waiting for Billmate's answer to " + function, changesPayment));
        }
        return report(function, body, response.body(), response.statusCode(), startedNanos,
                interpret(function, response, changesPayment, reader));
    }

    /** A call without an answer: not sent when Billmate could not be reached, otherwise perhaps applied. */
    private ProviderResult.Transient unanswered(String function, IOException e, boolean changesPayment) {
        // A connect timeout is an HttpTimeoutException too: it is asked first.
        if (e instanceof HttpConnectTimeoutException) {
            return new ProviderResult.Transient(
                    "Billmate could not be reached within the connect timeout (" + function + " was not sent)", false);
        }
        if (e instanceof ConnectException) {
            return new ProviderResult.Transient(
                    "Billmate could not be reached: " + message(e) + " (" + function + " was not sent)", false);
        }
        if (e instanceof HttpTimeoutException) {
            return new ProviderResult.Transient("Billmate did not answer " + function + " within "
                    + options.readTimeout().toMillis() + " ms" + mayHaveBeenApplied(changesPayment), changesPayment);
        }
        return new ProviderResult.Transient("the connection to Billmate failed during " + function + ": " + message(e)
                + mayHaveBeenApplied(changesPayment), changesPayment);
    }

    private ObjectNode envelope(String function, ObjectNode data) {
        ObjectNode root = BillmateJson.object();
        Instant now = clock.instant();
        root.putObject("credentials")
                .put("id", merchantId)
                .put("hash", BillmateHash.of(data, secret))
                .put("version", BillmateProvider.API_VERSION)
                .put("client", BillmateProvider.CLIENT)
                .put("language", BillmateProvider.LANGUAGE)
                // Unix time with microseconds, as Billmate's own clients send it.
                .put("time", BigDecimal.valueOf(now.getEpochSecond())
                        .add(BigDecimal.valueOf(now.getNano() / 1000, 6)).setScale(6, RoundingMode.DOWN).toPlainString())
                .put("test", testMode ? "true" : "false");
        root.set("data", data);
        root.put("function", function);
        return root;
    }

    private ProviderResult interpret(String function, HttpResponse<String> response, boolean changesPayment,
            AnswerReader reader) {
        int status = response.statusCode();
        if (status >= 500 || status == 429 || status == 408) {
            return new ProviderResult.Transient("Billmate answered HTTP " + status + " to " + function
                    + mayHaveBeenApplied(changesPayment), changesPayment);
        }
        if (status != 200) {
            return new ProviderResult.Refused("HTTP_" + status, "Billmate's endpoint " + endpoint + " answered HTTP "
                    + status + " to " + function + "; check the Billmate endpoint URL in the shop's settings.");
        }
        JsonNode root;
        try {
            root = BillmateJson.parse(response.body());
        } catch (JsonProcessingException e) {
            return new ProviderResult.Transient("Billmate's answer to " + function + " is not JSON"
                    + mayHaveBeenApplied(changesPayment), changesPayment);
        }
        if (!root.isObject()) {
            return new ProviderResult.Transient("Billmate's answer to " + function + " is not a JSON object", changesPayment);
        }
        JsonNode data = root.path("data");
        JsonNode hash = root.path("credentials").path("hash");
        boolean topLevelError = root.hasNonNull("code");
        boolean dataError = data.isObject() && data.hasNonNull("code") && data.has("message");
        if (topLevelError || dataError) {
            JsonNode error = topLevelError ? root : data;
            // Authentication errors come back unsigned (Billmate cannot sign for an unknown merchant);
            // a signed error must verify like any other answer.
            if (dataError && hash.isTextual() && !BillmateHash.matches(hash.asText(), data, secret)) {
                return unverified(function, changesPayment);
            }
            return error(function, error.path("code").asText(), error.path("message").asText(""));
        }
        if (!data.isObject()) {
            return new ProviderResult.Transient("Billmate's answer to " + function + " has no data"
                    + mayHaveBeenApplied(changesPayment), changesPayment);
        }
        if (!hash.isTextual() || !BillmateHash.matches(hash.asText(), data, secret)) {
            return unverified(function, changesPayment);
        }
        return reader.read(data);
    }

    private static String mayHaveBeenApplied(boolean changesPayment) {
        return changesPayment ? "; it may have been applied" : "";
    }

    private static ProviderResult unverified(String function, boolean changesPayment) {
        return new ProviderResult.Transient("Billmate's answer to " + function
                + " does not carry a valid hash and is not trusted"
                + (changesPayment ? "; the call may have been applied" : ""), changesPayment);
    }

    private static ProviderResult error(String function, String code, String message) {
        return switch (BillmateErrorCodes.kind(code)) {
            case TRANSIENT -> new ProviderResult.Transient(
                    "Billmate could not do " + function + " this time (code " + code + ": " + message + ")", false);
            case TEMPORARY -> new ProviderResult.Refused(code, message.isBlank()
                    ? "Billmate declined " + function + " for now with code " + code : message,
                    ProviderResult.Refused.Reason.TEMPORARY, BillmateAdvice.forCode(code));
            case CREDENTIALS -> new ProviderResult.Refused(code, "Billmate did not accept the credentials (code "
                    + code + ": " + message + "). Check the Billmate merchant id and secret in the shop's orderhook settings.",
                    ProviderResult.Refused.Reason.CREDENTIALS, BillmateAdvice.forCode(code));
            case REFUSED -> new ProviderResult.Refused(code, message.isBlank()
                    ? "Billmate refused " + function + " with code " + code : message,
                    BillmateErrorCodes.unknownPayment(code) ? ProviderResult.Refused.Reason.UNKNOWN_PAYMENT
                            : ProviderResult.Refused.Reason.OTHER, BillmateAdvice.forCode(code));
        };
    }

    private ProviderResult report(String function, String requestBody, String responseBody, int httpStatus,
            long startedNanos, ProviderResult result) {
        Duration took = Duration.ofNanos(System.nanoTime() - startedNanos);
        options.report(() -> new ProviderCallListener.Call(function, BillmateRedaction.redact(requestBody),
                BillmateRedaction.redact(responseBody), httpStatus, took, ProviderCallListener.outcome(result)));
        return result;
    }

    private static String message(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    @Override
    public String toString() {
        // Never the secret.
        return endpoint + ", id " + merchantId + (testMode ? ", test" : "");
    }
}

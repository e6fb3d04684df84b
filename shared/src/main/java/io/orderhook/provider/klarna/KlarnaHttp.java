package io.orderhook.provider.klarna;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.json.Json;
import io.orderhook.provider.CallOptions;
import io.orderhook.provider.ProviderCallListener;
import io.orderhook.provider.ProviderResult;

/**
 * One account's calls to Klarna Order Management over {@code java.net.http}: HTTP Basic auth,
 * the {@code Klarna-Idempotency-Key} on every call that changes an order, and what an answer
 * other than success means as orderhook's {@link ProviderResult}. Every call is told to the
 * debug log, redacted ({@link KlarnaRedaction}).
 *
 * <p>4xx are refusals with Klarna's code and words and what the merchant can do
 * ({@link KlarnaAdvice}); 5xx, 408, 409 and 429 are transient. A call that changes the order and
 * whose answer never came (a timeout, a dropped connection, a 5xx) is
 * {@link ProviderResult.Transient#outcomeUnknown()}: Klarna executes a key at most once within
 * 24 hours, so sending it again with the same key cannot apply it twice.
 */
final class KlarnaHttp {

    private static final String ORDERS = "ordermanagement/v1/orders/";

    private final URI baseUrl;
    private final Optional<KlarnaCredentials> credentials;
    private final HttpClient http;
    private final CallOptions options;

    KlarnaHttp(URI baseUrl, Optional<KlarnaCredentials> credentials, HttpClient http, CallOptions options) {
        String base = Objects.requireNonNull(baseUrl, "baseUrl").toString();
        this.baseUrl = URI.create(base.endsWith("/") ? base : base + "/");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.http = Objects.requireNonNull(http, "http");
        this.options = Objects.requireNonNull(options, "options");
    }

    KlarnaHttp withReadTimeout(Duration timeout) {
        return new KlarnaHttp(baseUrl, credentials, http, options.withReadTimeout(timeout));
    }

    KlarnaHttp withCallListener(ProviderCallListener callListener) {
        return new KlarnaHttp(baseUrl, credentials, http, options.withListener(callListener));
    }

    /** The base URL and the API username, for {@code toString}: never the password. */
    String describe() {
        return baseUrl + ", " + credentials.map(KlarnaCredentials::username).orElse("no credentials");
    }

    /** One HTTP call: {@code operation} names it in logs ("POST captures"), {@code key} the idempotency key or null. */
    private record Call(String method, String operation, String path, String body, String key) {}

    /** What came back: a status and body, or (status 0) the transport's failure. */
    record Reply(int status, String body, HttpHeaders headers, ProviderResult failure, Duration took) {
        Optional<String> header(String name) {
            return headers == null ? Optional.empty() : headers.firstValue(name).filter(v -> !v.isBlank());
        }
    }

    /** {@code GET} the order with everything order management needs, or why it could not be read. */
    KlarnaOrder.Read readOrder(String orderId) {
        Call call = new Call("GET", "GET order", orderPath(orderId, ""), null, null);
        if (credentials.isEmpty()) {
            return new KlarnaOrder.Read.Failed(credentialsFormat());
        }
        Reply reply = exchange(call);
        if (reply.status() == 200) {
            try {
                KlarnaOrder order = KlarnaOrder.fromJson(Json.MAPPER.readTree(reply.body()));
                report(call, reply, new ProviderResult.Done(orderId, order.paymentInfo()));
                return new KlarnaOrder.Read.Found(order);
            } catch (JsonProcessingException e) {
                ProviderResult result = new ProviderResult.Transient("Klarna's answer to GET order is not JSON", false);
                report(call, reply, result);
                return new KlarnaOrder.Read.Failed(result);
            }
        }
        ProviderResult result = failure(call, reply);
        report(call, reply, result);
        return new KlarnaOrder.Read.Failed(result);
    }

    /**
     * One call that changes the order: {@code pathSegment} is the operation's path below the order
     * ("captures", "cancel", ...) and also names it in the idempotency key, so each operation of a
     * step has a key of its own.
     */
    ProviderResult send(String orderId, String method, String pathSegment, ObjectNode body, String stepKey,
            Function<Reply, ProviderResult> onSuccess) {
        if (credentials.isEmpty()) {
            return credentialsFormat();
        }
        Call call = new Call(method, method + " " + pathSegment, orderPath(orderId, pathSegment),
                body == null ? null : body.toString(), KlarnaIdempotencyKey.of(stepKey, pathSegment, orderId));
        Reply reply = exchange(call);
        // Any 2xx was applied (the reference gives 201 or 204): never read one as a refusal.
        ProviderResult result = reply.status() / 100 == 2 ? onSuccess.apply(reply) : failure(call, reply);
        report(call, reply, result);
        return result;
    }

    private String orderPath(String orderId, String segment) {
        String id = URLEncoder.encode(orderId, StandardCharsets.UTF_8).replace("+", "%20");
        return ORDERS + id + (segment.isEmpty() ? "" : "/" + segment);
    }

    private Reply exchange(Call call) {
        HttpRequest.Builder request = HttpRequest.newBuilder(baseUrl.resolve(call.path()))
                .timeout(options.readTimeout())
                .header("Authorization", credentials.orElseThrow().basicHeader())
                .header("Accept", "application/json")
                .header("User-Agent", KlarnaProvider.USER_AGENT);
        if (call.key() != null) {
            request.header(KlarnaProvider.IDEMPOTENCY_HEADER, call.key());
        }
        if (call.body() != null) {
            request.header("Content-Type", "application/json")
                    .method(call.method(), HttpRequest.BodyPublishers.ofString(call.body(), StandardCharsets.UTF_8));
        } else {
            request.method(call.method(), HttpRequest.BodyPublishers.noBody());
        }
        boolean changes = call.key() != null;
        long started = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(response.statusCode(), response.body(), response.headers(), null, since(started));
        } catch (HttpConnectTimeoutException e) {
            return transportFailure(call, started, "Klarna could not be reached within the connect timeout", false);
        } catch (ConnectException e) {
            return transportFailure(call, started, "Klarna could not be reached: " + message(e), false);
        } catch (HttpTimeoutException e) {
            return transportFailure(call, started, "Klarna did not answer " + call.operation() + " within "
                    + options.readTimeout().toMillis() + " ms", changes);
        } catch (IOException e) {
            return transportFailure(call, started, "the connection to Klarna failed during " + call.operation() + ": "
                    + message(e), changes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return transportFailure(call, started, "interrupted while waiting for Klarna's answer to " + call.operation(),
                    changes);
        }
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    private static Reply transportFailure(Call call, long startedNanos, String reason, boolean mayBeApplied) {
        String text = !mayBeApplied ? reason + " (" + call.operation() + " was not applied)"
                : reason + "; it may have been applied: sending it again with the same Klarna-Idempotency-Key within"
                        + " 24 hours cannot apply it twice";
        return new Reply(0, null, null, new ProviderResult.Transient(text, mayBeApplied), since(startedNanos));
    }

    /** What an answer other than the expected success means. */
    private ProviderResult failure(Call call, Reply reply) {
        if (reply.failure() != null) {
            return reply.failure();
        }
        int status = reply.status();
        boolean changes = call.key() != null;
        Optional<KlarnaError> error = KlarnaError.parse(reply.body());
        String said = error.map(e -> ": " + e.code() + " " + e.said()).orElse("");
        if (status == 429) {
            // Over the rate limit Klarna refuses before doing anything.
            return new ProviderResult.Transient("Klarna is limiting the rate of calls (HTTP 429" + said + ")", false);
        }
        if (status == 409) {
            return new ProviderResult.Transient("Klarna reports a conflicting change of the order (HTTP 409" + said
                    + "); " + call.operation() + " was not applied", false);
        }
        if (status == 408 || status >= 500) {
            return new ProviderResult.Transient("Klarna answered HTTP " + status + " to " + call.operation() + said
                    + (changes ? "; it may have been applied: sending it again with the same Klarna-Idempotency-Key"
                            + " within 24 hours cannot apply it twice" : ""), changes);
        }
        if (status == 401) {
            String code = error.map(KlarnaError::code).orElse("UNAUTHORIZED");
            return new ProviderResult.Refused(code, "Klarna did not accept orderhook's API credentials (HTTP 401"
                    + said + ").", ProviderResult.Refused.Reason.CREDENTIALS, KlarnaAdvice.forCode(code));
        }
        if (error.isEmpty()) {
            String code = "HTTP_" + status;
            return new ProviderResult.Refused(code, "Klarna's endpoint " + baseUrl + " answered HTTP " + status + " to "
                    + call.operation() + " without a Klarna error; check the Klarna endpoint in the shop's settings.",
                    ProviderResult.Refused.Reason.OTHER, null);
        }
        KlarnaError e = error.get();
        ProviderResult.Refused.Reason reason = switch (status) {
            case 404 -> "NO_SUCH_ORDER".equals(e.code()) || "NOT_FOUND".equals(e.code())
                    ? ProviderResult.Refused.Reason.UNKNOWN_PAYMENT : ProviderResult.Refused.Reason.OTHER;
            case 400, 413, 422 -> ProviderResult.Refused.Reason.UNMAPPABLE;
            case 403 -> ProviderResult.Refused.Reason.OTHER;
            default -> ProviderResult.Refused.Reason.OTHER;
        };
        return new ProviderResult.Refused(e.code(), e.said(), reason, KlarnaAdvice.forCode(e.code()));
    }

    private void report(Call call, Reply reply, ProviderResult result) {
        options.report(() -> new ProviderCallListener.Call(call.operation(), KlarnaRedaction.redact(call.body()),
                KlarnaRedaction.redact(reply.body()), reply.status(), reply.took(), ProviderCallListener.outcome(result)));
    }

    private static ProviderResult credentialsFormat() {
        return new ProviderResult.Refused(KlarnaAdvice.CREDENTIALS_FORMAT, "The shop's Klarna secret is not of the form"
                + " username:password; nothing was sent to Klarna.", ProviderResult.Refused.Reason.CREDENTIALS,
                KlarnaAdvice.forCode(KlarnaAdvice.CREDENTIALS_FORMAT));
    }

    private static String message(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}

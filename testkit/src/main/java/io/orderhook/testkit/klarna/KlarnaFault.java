package io.orderhook.testkit.klarna;

import java.time.Duration;

/** A fault the Klarna sandbox injects into a call, instead of or on top of answering it. */
public sealed interface KlarnaFault {

    /** Wait, then handle the call normally: a client that gives up earlier leaves it applied. */
    record Latency(Duration delay) implements KlarnaFault {}

    /**
     * Answer with this HTTP status and apply nothing: with Klarna's error body for the status
     * (500 INTERNAL_SERVER_ERROR, 503 TEMPORARILY_UNAVAILABLE, 429 TOO_MANY_REQUESTS, ...), or with a
     * gateway's HTML page, which has none.
     */
    record HttpStatus(int status, boolean klarnaBody) implements KlarnaFault {}

    /** Read the request, apply nothing and answer nothing for {@code hold}, then drop the connection. */
    record Timeout(Duration hold) implements KlarnaFault {}

    /** Apply the call, then drop the connection before any answer: "applied but the response was lost". */
    record LostResponse() implements KlarnaFault {}

    /**
     * Apply the call (and remember its answer for its idempotency key), then answer with this 5xx
     * status: "applied but the gateway failed".
     */
    record AppliedThenStatus(int status) implements KlarnaFault {}

    static KlarnaFault latency(Duration delay) {
        return new Latency(delay);
    }

    static KlarnaFault http(int status) {
        return new HttpStatus(status, true);
    }

    static KlarnaFault gatewayPage(int status) {
        return new HttpStatus(status, false);
    }

    static KlarnaFault timeout(Duration hold) {
        return new Timeout(hold);
    }

    static KlarnaFault lostResponse() {
        return new LostResponse();
    }

    static KlarnaFault appliedThen(int status) {
        return new AppliedThenStatus(status);
    }
}

package io.orderhook.testkit.stripe;

import java.time.Duration;

/**
 * A fault the Stripe sandbox injects into a call, instead of or on top of answering it. Where the
 * fault sits decides what Stripe's idempotency layer keeps: Stripe stores a request's answer once
 * the endpoint began executing (a 500 included) and nothing for a request refused before that.
 */
public sealed interface StripeFault {

    /** Wait, then handle the call normally: a client that gives up earlier leaves it applied. The key is in use meanwhile. */
    record Latency(Duration delay) implements StripeFault {}

    /**
     * Stripe's own server error: {@code {"error":{"type":"api_error"}}} with this status, nothing
     * applied. The endpoint had begun executing, so the answer is stored under the request's
     * idempotency key and replayed to every retry with that key (as Stripe documents for 500s).
     */
    record ServerError(int status) implements StripeFault {}

    /** A proxy in front of Stripe answers this status with an HTML page: nothing reached Stripe, nothing stored. */
    record GatewayError(int status) implements StripeFault {}

    /** 429 {@code rate_limit}: refused before anything ran, nothing stored. */
    record RateLimited() implements StripeFault {}

    /** Read the request, apply nothing and answer nothing for {@code hold}, then drop the connection; nothing stored. */
    record Timeout(Duration hold) implements StripeFault {}

    /** Apply the call and store its answer under the key, then drop the connection before any answer. */
    record LostResponse() implements StripeFault {}

    static StripeFault latency(Duration delay) {
        return new Latency(delay);
    }

    static StripeFault serverError(int status) {
        return new ServerError(status);
    }

    static StripeFault gatewayError(int status) {
        return new GatewayError(status);
    }

    static StripeFault rateLimited() {
        return new RateLimited();
    }

    static StripeFault timeout(Duration hold) {
        return new Timeout(hold);
    }

    static StripeFault lostResponse() {
        return new LostResponse();
    }
}

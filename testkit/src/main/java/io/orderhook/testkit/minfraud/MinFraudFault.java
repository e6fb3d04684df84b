package io.orderhook.testkit.minfraud;

/** A fault the minFraud sandbox answers a call with instead of scoring it. */
public sealed interface MinFraudFault {

    /** A server problem: this 5xx status without a JSON body, as minFraud's load balancer answers. */
    record ServerError(int status) implements MinFraudFault {}

    /** 429 without a code: minFraud limits a client that sent many erroneous requests. */
    record RateLimited() implements MinFraudFault {}

    static MinFraudFault serverError(int status) {
        return new ServerError(status);
    }

    static MinFraudFault rateLimited() {
        return new RateLimited();
    }
}

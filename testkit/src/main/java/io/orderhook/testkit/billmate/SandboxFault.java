package io.orderhook.testkit.billmate;

import java.time.Duration;

/** A fault the Billmate sandbox injects into a call, instead of or on top of answering it. */
public sealed interface SandboxFault {

    /** Wait, then handle the call normally: a client that gives up earlier leaves it applied. */
    record Latency(Duration delay) implements SandboxFault {}

    /** Answer with a Billmate error code (in the configured envelope); nothing is applied. */
    record ErrorCode(String code, String message) implements SandboxFault {}

    /** Answer with this HTTP status and an HTML body, as a failing proxy would; nothing is applied. */
    record HttpStatus(int status) implements SandboxFault {}

    /** Read the request, apply nothing and answer nothing for {@code hold}, then drop the connection. */
    record Timeout(Duration hold) implements SandboxFault {}

    /** Apply the call, then drop the connection before any answer: "applied but the response was lost". */
    record LostResponse() implements SandboxFault {}

    /** Apply the call and answer with a hash that does not verify, as a forged answer would. */
    record WrongResponseHash() implements SandboxFault {}

    static SandboxFault latency(Duration delay) {
        return new Latency(delay);
    }

    static SandboxFault error(String code) {
        return new ErrorCode(code, "Sandbox fault " + code);
    }

    static SandboxFault http(int status) {
        return new HttpStatus(status);
    }

    static SandboxFault timeout(Duration hold) {
        return new Timeout(hold);
    }

    static SandboxFault lostResponse() {
        return new LostResponse();
    }

    static SandboxFault wrongResponseHash() {
        return new WrongResponseHash();
    }
}

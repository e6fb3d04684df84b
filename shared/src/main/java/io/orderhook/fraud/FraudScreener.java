package io.orderhook.fraud;

import java.util.List;

import com.maxmind.minfraud.request.Transaction;

/** Asks a fraud service for an order's risk. */
public interface FraudScreener {

    /** The service's answer, or why there is none. */
    sealed interface Outcome permits Scored, Unavailable {}

    /** minFraud's score, the IP's risk, what weighed most and the warnings about the input. */
    record Scored(double riskScore, double ipRisk, List<String> reasons, List<String> warnings, String minfraudId)
            implements Outcome {
        public Scored {
            reasons = List.copyOf(reasons);
            warnings = List.copyOf(warnings);
        }
    }

    /** No answer now (down, out of credit, refused credentials or input): the screening is tried again later. */
    record Unavailable(String reason) implements Outcome {}

    Outcome screen(FraudSettings settings, Transaction transaction);
}

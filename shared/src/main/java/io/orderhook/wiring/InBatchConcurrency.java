package io.orderhook.wiring;

import java.util.Map;

import io.orderhook.processing.OrderProcessor;

/**
 * The processor function's setting {@value #SETTING}: how many orders of one stream batch it
 * processes at the same time (1 turns in-batch concurrency off). Set in template.yaml; a value
 * that is not a whole number of at least 1 stops the function at start, with the reason.
 */
final class InBatchConcurrency {
    static final String SETTING = "ORDERHOOK_IN_BATCH_CONCURRENCY";

    private InBatchConcurrency() {}

    static int fromEnvironment(Map<String, String> env) {
        String value = env.get(SETTING);
        if (value == null || value.isBlank()) {
            return OrderProcessor.DEFAULT_IN_BATCH_CONCURRENCY;
        }
        if (!value.trim().matches("[1-9][0-9]{0,3}")) {
            throw new IllegalStateException(SETTING + " must be a whole number from 1 to 9999 (1 turns in-batch concurrency"
                    + " off), was '" + value + "'");
        }
        return Integer.parseInt(value.trim());
    }
}

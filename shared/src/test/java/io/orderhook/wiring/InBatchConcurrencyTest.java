package io.orderhook.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.orderhook.processing.OrderProcessor;

class InBatchConcurrencyTest {

    @Test
    void withoutTheSettingTheProcessorRunsTenOrdersOfABatchAtOnce() {
        assertEquals(OrderProcessor.DEFAULT_IN_BATCH_CONCURRENCY, InBatchConcurrency.fromEnvironment(Map.of()));
        assertEquals(10, InBatchConcurrency.fromEnvironment(Map.of(InBatchConcurrency.SETTING, " ")));
    }

    @Test
    void aWholeNumberIsTakenAndOneTurnsItOff() {
        assertEquals(1, InBatchConcurrency.fromEnvironment(Map.of(InBatchConcurrency.SETTING, "1")));
        assertEquals(25, InBatchConcurrency.fromEnvironment(Map.of(InBatchConcurrency.SETTING, " 25 ")));
    }

    @Test
    void anythingElseStopsTheFunctionWithTheSettingNamedAndWhatItTakes() {
        for (String wrong : new String[] {"0", "-3", "ten", "2.5", "100000"}) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> InBatchConcurrency.fromEnvironment(Map.of(InBatchConcurrency.SETTING, wrong)));
            assertTrue(e.getMessage().contains("ORDERHOOK_IN_BATCH_CONCURRENCY") && e.getMessage().contains("'" + wrong + "'"),
                    e.getMessage());
        }
    }
}

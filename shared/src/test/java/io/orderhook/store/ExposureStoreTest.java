package io.orderhook.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.orderhook.testkit.DynamoDbLocal;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** A customer's exposure on DynamoDB Local: reserved atomically, once per order, released once. */
class ExposureStoreTest {
    private final String table = DynamoDbLocal.shared().newTable("exposure", TableDefinition::create);
    private final DynamoDbClient dynamo = DynamoDbLocal.shared().client();
    private final ExposureStore exposures = new ExposureStore(dynamo, table);

    @Test
    void twoOrdersReservedAtTheSameMomentCannotBothTakeTheSameRemainingCredit() throws Exception {
        // Limit 1000.00, nothing owed: room for one order of 600.00, not two.
        long limit = 100_000;
        long order = 60_000;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 10; round++) {
                String customer = "c" + round;
                CountDownLatch start = new CountDownLatch(1);
                Future<ExposureStore.Reservation> first = pool.submit(() -> {
                    start.await();
                    return exposures.reserve("s", customer, "1", order, limit - order);
                });
                Future<ExposureStore.Reservation> second = pool.submit(() -> {
                    start.await();
                    return exposures.reserve("s", customer, "2", order, limit - order);
                });
                start.countDown();
                boolean one = first.get().reserved();
                boolean two = second.get().reserved();
                assertTrue(one ^ two, "exactly one of the two orders fits, round " + round);
                assertEquals(order, exposures.exposure("s", customer));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void reservingTheSameOrderAgainCountsItOnceAndReleasingItTwiceTakesItOffOnce() {
        assertTrue(exposures.reserve("s", "c", "1", 30_000, 70_000).reserved());
        ExposureStore.Reservation again = exposures.reserve("s", "c", "1", 30_000, 70_000);
        assertTrue(again.reserved(), "a run that reserved before it stopped finds its reservation");
        assertEquals(0, again.exposure(), "the exposure before this order");
        assertTrue(exposures.reserve("s", "c", "2", 20_000, 50_000).reserved());
        assertEquals(50_000, exposures.exposure("s", "c"));

        ExposureStore.Reservation over = exposures.reserve("s", "c", "3", 60_000, 40_000);
        assertFalse(over.reserved());
        assertEquals(50_000, over.exposure(), "the refusal says what the exposure is");

        exposures.release("s", "c", "1", 30_000);
        exposures.release("s", "c", "1", 30_000);
        assertEquals(20_000, exposures.exposure("s", "c"));
    }
}

package io.orderhook.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

class ConcurrentDeliveriesTest {

    @Test
    void fiftyIdenticalDeliveriesSentAtOnceLeaveExactlyOneInboxItem() throws Exception {
        ReceiverFixture fixture = new ReceiverFixture();
        APIGatewayV2HTTPEvent event = ReceiverFixture.delivery("demo", "order.updated",
                ReceiverFixture.order(1234, "completed", "2024-05-03T06:30:00"), ReceiverFixture.DEMO_SECRET);
        fixture.shops.find("demo"); // as in a warm container: the config is cached, the race is on the write
        int deliveries = 50;
        CountDownLatch ready = new CountDownLatch(deliveries);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(deliveries);
        List<Future<String>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < deliveries; i++) {
                answers.add(threads.submit(() -> {
                    ready.countDown();
                    go.await();
                    return fixture.post(event).getBody();
                }));
            }
            ready.await(10, TimeUnit.SECONDS);
            go.countDown();
            List<String> bodies = new ArrayList<>();
            for (Future<String> answer : answers) {
                bodies.add(answer.get(60, TimeUnit.SECONDS));
            }

            Map<String, Long> counted = bodies.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            assertEquals(Map.of("{\"status\":\"accepted\"}", 1L, "{\"status\":\"duplicate\"}", 49L), counted);
            assertEquals(1, fixture.inboxItems().size());
        } finally {
            threads.shutdownNow();
        }
    }
}

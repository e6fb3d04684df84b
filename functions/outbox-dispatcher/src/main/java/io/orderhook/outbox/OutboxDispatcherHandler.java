package io.orderhook.outbox;

import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;

import io.orderhook.wiring.Wiring;

/** Every few minutes: re-send the notes the shops have not accepted yet. */
public final class OutboxDispatcherHandler implements RequestHandler<ScheduledEvent, Map<String, Integer>> {
    /** Notes per run; the rest waits for the next schedule. */
    static final int BATCH = 100;

    private final OutboxDispatcher dispatcher;

    public OutboxDispatcherHandler() {
        this(Wiring.fromEnvironment().outboxDispatcher());
    }

    public OutboxDispatcherHandler(OutboxDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public Map<String, Integer> handleRequest(ScheduledEvent event, Context context) {
        OutboxDispatcher.Summary summary = dispatcher.dispatch(BATCH);
        return Map.of("delivered", summary.delivered(), "rescheduled", summary.rescheduled(), "rejected", summary.rejected());
    }
}

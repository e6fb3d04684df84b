package io.orderhook.local;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;

import io.orderhook.failed.GiveUp;
import io.orderhook.processing.InboxRecord;
import io.orderhook.processor.InboxRecords;
import io.orderhook.store.InboxItem;

/**
 * Local mode's on-failure destination of the stream: the orders of the records the poller gave
 * up on get their note, failure status and failed record, as the failure destination's function
 * ({@code ProcessorFailuresFunction}) does in AWS.
 */
final class GiveUpDestination implements Consumer<List<DynamodbStreamRecord>> {
    /** template.yaml's MaximumRetryAttempts and the first try, when the processor noted no attempt. */
    static final int STREAM_ATTEMPTS = 11;

    private final GiveUp giveUp;

    GiveUpDestination(GiveUp giveUp) {
        this.giveUp = giveUp;
    }

    @Override
    public void accept(List<DynamodbStreamRecord> records) {
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(records);
        List<InboxItem> items = InboxRecords.from(event).stream().map(InboxRecord::item).filter(Objects::nonNull).toList();
        int failed = giveUp.giveUp(items, STREAM_ATTEMPTS).size();
        System.err.println("orderhook local: the processor gave up on " + records.size() + " stream record(s) after the"
                + " retries; " + failed + " order(s) failed (orderhook failed list SHOP)");
    }
}

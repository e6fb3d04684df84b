package io.orderhook.processing;

import io.orderhook.store.InboxItem;

/**
 * One stream record as the processor sees it.
 *
 * @param sequenceNumber the stream sequence number: the item identifier of a batch item failure
 * @param partitionKey   the order's partition key (records of one order are handled in order)
 * @param item           the inbox item, or null when the record is not an inbox insert or could not be read
 * @param problem        why {@code item} is null, or null
 */
public record InboxRecord(String sequenceNumber, String partitionKey, InboxItem item, String problem) {}

package io.orderhook.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.orderhook.ledger.LedgerEntry.Operation;
import io.orderhook.ledger.LedgerEntry.Result;
import io.orderhook.ledger.PaymentStatus.Status;

/** The payment status of each kind of ledger, and the fold entry by entry agreeing with the whole. */
class PaymentStatusTest {
    private static final Instant T0 = Instant.parse("2026-05-02T10:00:00Z");

    static Stream<Arguments> ledgers() {
        return Stream.of(
                row("nothing yet", "pending", false, Status.PENDING_PAYMENT, 0, 0, 0),
                row("a reservation", "processing", false, Status.RESERVED, 0, 0, 12_500,
                        e(Operation.RESERVATION_SEEN, 12_500, Result.DONE)),
                row("an update holds the new total", "processing", false, Status.RESERVED, 0, 0, 25_000,
                        e(Operation.RESERVATION_SEEN, 12_500, Result.DONE), e(Operation.UPDATE, 25_000, Result.DONE)),
                row("a refused update leaves the old total, suspended", "processing", false, Status.SUSPENDED, 0, 0, 12_500,
                        e(Operation.RESERVATION_SEEN, 12_500, Result.DONE), e(Operation.UPDATE, 25_000, Result.REFUSED)),
                row("captured", "shipped", false, Status.CAPTURED, 12_500, 0, 0,
                        e(Operation.RESERVATION_SEEN, 12_500, Result.DONE), e(Operation.CAPTURE, 12_500, Result.DONE)),
                row("captured and completed", "completed", false, Status.COMPLETE, 12_500, 0, 0,
                        e(Operation.RESERVATION_SEEN, 12_500, Result.DONE), e(Operation.CAPTURE, 12_500, Result.DONE)),
                row("a refused capture to be retried", "completed", true, Status.FAILED, 0, 0, 12_500,
                        e(Operation.RESERVATION_SEEN, 12_500, Result.DONE), e(Operation.CAPTURE, 12_500, Result.REFUSED)),
                row("a refused capture overcome", "completed", false, Status.COMPLETE, 12_500, 0, 0,
                        e(Operation.CAPTURE, 12_500, Result.REFUSED), e(Operation.CAPTURE, 12_500, Result.DONE)),
                row("an unknown capture applied after all", "shipped", false, Status.CAPTURED, 12_500, 0, 0,
                        e(Operation.CAPTURE, 12_500, Result.OUTCOME_UNKNOWN), e(Operation.CAPTURE, 12_500, Result.APPLIED_AFTER_ALL)),
                row("an unknown capture not applied moves nothing", "shipped", false, Status.RESERVED, 0, 0, 12_500,
                        e(Operation.RESERVATION_SEEN, 12_500, Result.DONE), e(Operation.CAPTURE, 12_500, Result.OUTCOME_UNKNOWN),
                        e(Operation.CAPTURE, 12_500, Result.NOT_APPLIED)),
                row("part refunded", "shipped", false, Status.PART_REFUNDED, 12_500, 2_500, 0,
                        e(Operation.CAPTURE, 12_500, Result.DONE), e(Operation.REFUND, 2_500, Result.DONE)),
                row("refunded in full, one part by the gateway", "refunded", false, Status.REFUNDED, 12_500, 12_500, 0,
                        e(Operation.CAPTURE, 12_500, Result.DONE), e(Operation.REFUND, 2_500, Result.DONE),
                        e(Operation.GATEWAY_REFUND, 10_000, Result.DONE)),
                row("an undecided credit is not counted", "completed", false, Status.COMPLETE, 12_500, 0, 0,
                        e(Operation.CAPTURE, 12_500, Result.DONE), e(Operation.REFUND, 2_500, Result.UNDECIDED)),
                row("cancelled", "cancelled", false, Status.CANCELLED, 0, 0, 0,
                        e(Operation.RESERVATION_SEEN, 12_500, Result.DONE), e(Operation.CANCEL, 12_500, Result.DONE)),
                row("found paid at checkout", "processing", false, Status.CAPTURED, 12_500, 0, 0,
                        e(Operation.CAPTURE_SEEN, 12_500, Result.ALREADY_DONE)),
                row("found credited in the back office", "completed", false, Status.REFUNDED, 12_500, 12_500, 0,
                        e(Operation.CAPTURE_SEEN, 12_500, Result.ALREADY_DONE), e(Operation.REFUND_SEEN, 12_500, Result.ALREADY_DONE)),
                row("found released", "cancelled", false, Status.CANCELLED, 0, 0, 0,
                        e(Operation.CANCEL_SEEN, 12_500, Result.ALREADY_DONE)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ledgers")
    void theStatusFollowsTheLedger(String name, String orderStatus, boolean retry, Status expected, long captured,
            long refunded, long reserved, List<LedgerEntry> entries) {
        PaymentStatus status = PaymentStatus.of(entries, orderStatus, retry);

        assertEquals(new PaymentStatus(expected, captured, refunded, reserved), status);
        PaymentTotals folded = PaymentTotals.NONE;
        List<LedgerEntry> so = new ArrayList<>();
        for (LedgerEntry entry : entries) {
            folded = folded.plus(entry);
            so.add(entry);
            assertEquals(PaymentTotals.of(so), folded, "entry by entry as all at once");
        }
    }

    private static Arguments row(String name, String orderStatus, boolean retry, Status expected, long captured,
            long refunded, long reserved, LedgerEntry... entries) {
        return Arguments.of(name, orderStatus, retry, expected, captured, refunded, reserved, List.of(entries));
    }

    private static LedgerEntry e(Operation operation, long amount, Result result) {
        return new LedgerEntry(T0, operation, amount, "SEK", result, result == Result.REFUSED ? "5208" : null, null,
                "shop/1/" + operation.wireName(), null, "Billmate", null);
    }
}

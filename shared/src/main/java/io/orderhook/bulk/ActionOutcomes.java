package io.orderhook.bulk;

import java.util.List;

import io.orderhook.bulk.OrderAction.Outcome;
import io.orderhook.bulk.OrderAction.Result;
import io.orderhook.ledger.LedgerEntry;
import io.orderhook.lifecycle.OrderState;
import io.orderhook.lifecycle.Reservation;
import io.orderhook.order.OrderSnapshot;
import io.orderhook.processing.NoteText;
import io.orderhook.processing.OrderProcessor;
import io.orderhook.shop.ShopConfig;
import io.orderhook.shop.ShopResult;
import io.orderhook.store.LedgerStore;

/**
 * What became of an order action, in the merchant's words, decided from what orderhook recorded
 * before and after it: settled before anything is asked of the shop when the state says so
 * already (so a re-run asks nothing of an order done before), judged afterwards otherwise.
 */
public final class ActionOutcomes {
    private ActionOutcomes() {}

    static Result beforeCapture(ShopConfig config, String orderId, OrderState before) {
        if (!config.settings().capture().trigger().byRequest()) {
            return new Result(orderId, Outcome.REFUSED, "this shop captures when an order gets status '"
                    + config.settings().captureStatus() + "' (capture trigger 'status'); set the capture trigger to "
                    + "'request' or 'either' to capture on request");
        }
        return switch (before.reservation()) {
            case ACTIVATED -> new Result(orderId, Outcome.ALREADY_DONE, "captured already"
                    + (before.activationNumber() == null ? "" : " (activation number " + before.activationNumber() + ")"));
            case CANCELLED -> new Result(orderId, Outcome.REFUSED, "the reservation is cancelled: nothing can be captured");
            case NOT_FOUND -> new Result(orderId, Outcome.REFUSED, "the provider does not know the order's payment");
            case RESERVED -> null;
        };
    }

    static Result beforeCancel(String orderId, OrderState before) {
        return switch (before.reservation()) {
            case CANCELLED -> new Result(orderId, Outcome.ALREADY_DONE, "the reservation is cancelled already");
            case ACTIVATED -> new Result(orderId, Outcome.REFUSED, "the payment is captured: refund the order instead");
            case NOT_FOUND -> new Result(orderId, Outcome.REFUSED, "the provider does not know the order's payment");
            case RESERVED -> null;
        };
    }

    static Result judged(LedgerStore ledger, String shopId, OrderAction action, String orderId, OrderState before,
            OrderState after, OrderSnapshot snapshot, boolean takenIn) {
        Reservation wanted = action == OrderAction.CAPTURE ? Reservation.ACTIVATED : Reservation.CANCELLED;
        String verb = action == OrderAction.CAPTURE ? "captured" : "cancelled";
        if (after.reservation() == wanted) {
            return new Result(orderId, Outcome.DONE, wanted == Reservation.ACTIVATED
                    ? "captured " + NoteText.money(after.activatedTotal(), snapshot.currency()) + " " + snapshot.currency()
                            + ", activation number " + after.activationNumber()
                    : "the reservation is cancelled");
        }
        if (!takenIn) {
            return new Result(orderId, Outcome.FAILED, "asked, but orderhook has not finished with the order yet; "
                    + "run it again for the outcome");
        }
        if (after.refusedKeys().size() > before.refusedKeys().size()) {
            List<LedgerEntry> entries = ledger.forOrder(shopId, orderId);
            LedgerEntry last = entries.isEmpty() ? null : entries.get(entries.size() - 1);
            return new Result(orderId, Outcome.REFUSED, last == null || last.result() != LedgerEntry.Result.REFUSED
                    ? "not " + verb + ": refused; the order's notes say why"
                    : "not " + verb + ": the provider refused: " + last.detail() + (last.code() == null ? "" : " (code " + last.code() + ")"));
        }
        return new Result(orderId, Outcome.REFUSED, "not " + verb + "; the order's notes say why");
    }

    static Result retried(String orderId, OrderProcessor.Outcome outcome) {
        return switch (outcome.result()) {
            case APPLIED -> new Result(orderId, Outcome.DONE, outcome.detail());
            case IGNORED -> new Result(orderId, Outcome.ALREADY_DONE, "nothing left to do: " + outcome.detail());
            case RETRY -> new Result(orderId, Outcome.FAILED, "not finished, run it again: " + outcome.detail());
        };
    }

    public static Result shopProblem(String orderId, ShopResult<?> result) {
        return switch (result.kind()) {
            case OK -> null;
            case REJECTED -> {
                ShopResult.Rejected<?> r = (ShopResult.Rejected<?>) result;
                yield new Result(orderId, Outcome.REFUSED, "the shop refused: " + r.httpStatus() + " " + r.message());
            }
            case UNAVAILABLE -> new Result(orderId, Outcome.FAILED, "the shop did not answer: "
                    + ((ShopResult.Unavailable<?>) result).reason());
        };
    }
}

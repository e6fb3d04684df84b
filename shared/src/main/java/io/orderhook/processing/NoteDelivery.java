package io.orderhook.processing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.orderhook.shop.ShopClient;
import io.orderhook.shop.ShopResult;
import io.orderhook.store.NoteStore.Note;

/**
 * Sends stored notes (and the order change each carries) to the shop, in order. Returns the
 * notes with their delivery outcome; the caller stores them. A shop outage only reschedules
 * the notes: it never fails or repeats the payment steps they report.
 */
public final class NoteDelivery {
    static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    static final Duration LONGEST_WAIT = Duration.ofHours(1);

    private NoteDelivery() {}

    /** When to try again after {@code attempts} failed attempts: 30 s, 1 min, 2 min, ... at most 1 h. */
    public static Instant nextAttempt(Instant now, int attempts) {
        long factor = 1L << Math.min(Math.max(attempts - 1, 0), 16);
        Duration wait = FIRST_RETRY.multipliedBy(factor);
        return now.plus(wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait);
    }

    private static boolean credentialsProblem(int httpStatus) {
        return httpStatus == 401 || httpStatus == 403;
    }

    /**
     * @param notes undelivered notes of one shop, oldest first
     * @return every note given, with its new delivery state
     */
    public static List<Note> deliver(ShopClient shop, List<Note> notes, DebugLog log, Instant now) {
        List<Note> out = new ArrayList<>();
        boolean shopDown = false;
        for (Note note : notes) {
            if (!note.awaitingDelivery()) {
                out.add(note);
                continue;
            }
            if (shopDown) {
                out.add(note.retryAt(nextAttempt(now, note.attempts() + 1), "shop unavailable"));
                continue;
            }
            Note current = note;
            if (current.hasOrderUpdate() && !current.orderUpdated()) {
                Map<String, Object> request = new LinkedHashMap<>();
                request.put("order", current.orderId());
                request.put("status", current.setStatus());
                request.put("meta", current.meta());
                Note updating = current;
                ShopResult<Void> updated = log.shop(current.sortKey(), "shop.updateOrder", request,
                        () -> shop.updateOrder(updating.orderId(), updating.setStatus(), updating.meta()));
                if (updated instanceof ShopResult.Unavailable<Void> u) {
                    out.add(current.retryAt(nextAttempt(now, current.attempts() + 1), u.reason()));
                    shopDown = true;
                    continue;
                }
                if (updated instanceof ShopResult.Rejected<Void> r) {
                    current = current.setStatus() != null
                            ? current.withOrderUpdateRefused(NoteText.statusRefused(current.setStatus(), r.httpStatus() + " " + r.code() + " " + r.message()))
                            : current.withOrderUpdated();
                } else {
                    current = current.withOrderUpdated();
                }
            }
            Note sending = current;
            ShopResult<String> added = log.shop(current.sortKey(), "shop.addNote",
                    Map.of("order", current.orderId(), "customerNote", current.customerNote(), "length", current.text().length()),
                    () -> shop.addNote(sending.orderId(), sending.text(), sending.customerNote()));
            if (added instanceof ShopResult.Ok<String> ok) {
                out.add(current.deliveredAs(ok.value()));
            } else if (added instanceof ShopResult.Rejected<String> r && !credentialsProblem(r.httpStatus())) {
                out.add(current.rejectedBecause(r.httpStatus() + " " + r.code() + " " + r.message()));
            } else if (added instanceof ShopResult.Rejected<String> r) {
                // Wrong or revoked REST keys: the merchant can fix them, so keep the note and try later.
                out.add(current.retryAt(nextAttempt(now, current.attempts() + 1), r.httpStatus() + " " + r.code()
                        + ": check the shop's REST API keys in orderhook's settings"));
                shopDown = true;
            } else {
                out.add(current.retryAt(nextAttempt(now, current.attempts() + 1), ((ShopResult.Unavailable<String>) added).reason()));
                shopDown = true;
            }
        }
        return out;
    }
}

package io.orderhook.processing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.orderhook.lifecycle.OrderStatuses;
import io.orderhook.shop.ShopClient;
import io.orderhook.shop.ShopNote;
import io.orderhook.shop.ShopResult;
import io.orderhook.store.NoteStore.Note;

/**
 * Sends stored notes (and the order change each carries) to the shop, in order. Returns the
 * notes with their delivery outcome; the caller stores them. A shop outage only reschedules
 * the notes: it never fails or repeats the payment steps they report.
 *
 * <p>Exactly once: every note goes out with a short reference derived from its identity
 * ("(orderhook ref 7KQ2XM4D)"), which also lets a merchant quote it to support. A note the
 * outbox sends again may have reached the shop already (an answer lost in a timeout, or a crash
 * after the shop accepted it and before orderhook recorded that), so {@link #redeliver} first
 * lists the order's notes and only marks a note delivered when the shop already holds its
 * reference. The processor's own first attempt ({@link #deliver}) needs no listing: its notes
 * were created in the same run and never sent before.
 */
public final class NoteDelivery {
    static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    static final Duration LONGEST_WAIT = Duration.ofHours(1);
    /**
     * How long one note's delivery may take at the most: the status check, the order change and
     * the note, each up to the shop client's connect and request timeouts (3 s + 10 s), with room.
     */
    static final Duration SEND_MARGIN = Duration.ofMinutes(1);
    private static final String REFERENCE_PREFIX = " (orderhook ref ";
    private static final Pattern REFERENCE = Pattern.compile(" \\(orderhook ref [0-9A-HJKMNP-TV-Z]{8}\\)");
    /** Crockford's base32: no I, L, O or U, so a merchant reading it aloud cannot confuse characters. */
    private static final char[] BASE32 = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    private NoteDelivery() {}

    /**
     * The note's reference: 8 base32 characters (40 bits) of the SHA-256 of shop, order and the
     * note's sort key. Stable across attempts and processes; unique among one order's notes.
     */
    public static String reference(Note note) {
        byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-256").digest((note.shopId() + "/" + note.orderId() + "/" + note.sortKey())
                    .getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        long bits = 0;
        for (int i = 0; i < 5; i++) {
            bits = (bits << 8) | (hash[i] & 0xff);
        }
        char[] out = new char[8];
        for (int i = 7; i >= 0; i--) {
            out[i] = BASE32[(int) (bits & 31)];
            bits >>>= 5;
        }
        return new String(out);
    }

    /** The text as the shop receives it: the note's text and its reference. */
    public static String shopText(Note note) {
        return note.text() + REFERENCE_PREFIX + reference(note) + ")";
    }

    /** A note's text as the shop shows it, without orderhook's reference (for reading and tests). */
    public static String withoutReference(String shopText) {
        return REFERENCE.matcher(shopText).replaceAll("");
    }

    /**
     * The outbox's delivery of notes that may have been sent before, all of one order: lists the
     * order's notes once, takes a note whose reference is already there as delivered (with the
     * order change it carried, which is sent before the note), and sends the others. When the
     * shop cannot list the notes because it is down, every note waits for the next attempt; when
     * it refuses to list them, the notes are sent anyway.
     */
    public static List<Note> redeliver(ShopClient shop, List<Note> notes, DebugLog log, Instant now) {
        List<Note> waiting = notes.stream().filter(Note::awaitingDelivery).toList();
        if (waiting.isEmpty()) {
            return notes;
        }
        String orderId = waiting.get(0).orderId();
        ShopResult<List<ShopNote>> listed = log.shop(waiting.get(0).sortKey(), "shop.listNotes", Map.of("order", orderId),
                () -> shop.listNotes(orderId));
        Map<String, String> inShop = new HashMap<>();
        switch (listed.kind()) {
            case UNAVAILABLE -> {
                String reason = ((ShopResult.Unavailable<List<ShopNote>>) listed).reason();
                return notes.stream().map(n -> n.awaitingDelivery()
                        ? n.retryAt(nextAttempt(now, n.attempts() + 1), reason) : n).toList();
            }
            case OK -> {
                for (ShopNote note : ((ShopResult.Ok<List<ShopNote>>) listed).value()) {
                    int at = note.text().lastIndexOf(REFERENCE_PREFIX);
                    if (at >= 0 && note.text().length() >= at + REFERENCE_PREFIX.length() + 9) {
                        inShop.putIfAbsent(note.text().substring(at + REFERENCE_PREFIX.length(),
                                at + REFERENCE_PREFIX.length() + 8), note.id());
                    }
                }
            }
            // Refused to list: the notes are sent anyway (at least once rather than never).
            case REJECTED -> { }
        }
        List<Note> out = new ArrayList<>();
        List<Note> toSend = new ArrayList<>();
        for (Note note : notes) {
            String shopNoteId = note.awaitingDelivery() && note.orderId().equals(orderId) ? inShop.get(reference(note)) : null;
            if (shopNoteId != null) {
                // Added by an earlier attempt whose outcome orderhook never recorded.
                out.add(note.withOrderUpdated().deliveredAs(shopNoteId));
            } else {
                out.add(note);
                toSend.add(note);
            }
        }
        if (toSend.isEmpty()) {
            return out;
        }
        Map<String, Note> sent = new HashMap<>();
        deliver(shop, toSend, log, now).forEach(n -> sent.put(n.sortKey(), n));
        return out.stream().map(n -> sent.getOrDefault(n.sortKey(), n)).toList();
    }

    /** When to try again after {@code attempts} failed attempts: 30 s, 1 min, 2 min, ... at most 1 h. */
    public static Instant nextAttempt(Instant now, int attempts) {
        long factor = 1L << Math.min(Math.max(attempts - 1, 0), 16);
        Duration wait = FIRST_RETRY.multipliedBy(factor);
        return now.plus(wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait);
    }

    /**
     * The processor's first attempt at the notes of its run: a note is started only while its grace
     * period (its {@code nextAttemptAt}) has at least {@link #SEND_MARGIN} left, so that the send,
     * with all its retries to the shop's timeouts, ends before the outbox may take the note and list
     * the shop's notes. A note started later could reach the shop after the outbox's listing and be
     * sent twice; it and the order's later notes are left to the outbox instead.
     *
     * @return the notes attempted, with their new delivery state; the notes left to the outbox are
     *         not among them (their stored state stays as it is)
     */
    public static List<Note> deliverInGrace(ShopClient shop, List<Note> notes, DebugLog log, Clock clock) {
        List<Note> out = new ArrayList<>();
        boolean shopDown = false;
        for (Note note : notes) {
            Instant now = clock.instant();
            if (!now.isBefore(note.nextAttemptAt().minus(SEND_MARGIN))) {
                break;
            }
            if (!note.awaitingDelivery()) {
                continue;
            }
            if (shopDown) {
                out.add(note.retryAt(nextAttempt(now, note.attempts() + 1), "shop unavailable"));
            } else {
                Attempt attempt = new Attempt(shop, log, now).send(note);
                out.add(attempt.note);
                shopDown = attempt.shopDown;
            }
        }
        return out;
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
            } else if (shopDown) {
                out.add(note.retryAt(nextAttempt(now, note.attempts() + 1), "shop unavailable"));
            } else {
                Attempt attempt = new Attempt(shop, log, now).send(note);
                out.add(attempt.note);
                shopDown = attempt.shopDown;
            }
        }
        return out;
    }

    /**
     * One note's delivery: the status check, the order change, the note. A shop that is down, or
     * that refuses orderhook's keys (the merchant can fix them), stops the order's later notes too.
     */
    /** WooCommerce's answer to a status the shop has not registered (400, the status not in the enum). */
    static final String UNREGISTERED_STATUS = "rest_invalid_param";

    private static final class Attempt {
        private final ShopClient shop;
        private final DebugLog log;
        private final Instant now;
        Note note;
        boolean shopDown;

        Attempt(ShopClient shop, DebugLog log, Instant now) {
            this.shop = shop;
            this.log = log;
            this.now = now;
        }

        Attempt send(Note original) {
            note = original;
            if (note.setStatus() != null && note.statusIfStill() != null && !note.orderUpdated() && !checkStatus()) {
                return this;
            }
            if (note.hasOrderUpdate() && !note.orderUpdated() && !updateOrder()) {
                return this;
            }
            Note sending = note;
            ShopResult<String> added = log.shop(note.sortKey(), "shop.addNote",
                    Map.of("order", note.orderId(), "customerNote", note.customerNote(), "length", note.text().length()),
                    () -> shop.addNote(sending.orderId(), shopText(sending), sending.customerNote()));
            switch (added.kind()) {
                case OK -> note = note.deliveredAs(((ShopResult.Ok<String>) added).value());
                case REJECTED -> {
                    ShopResult.Rejected<String> r = (ShopResult.Rejected<String>) added;
                    if (r.credentialsProblem()) {
                        // The client's message names the likely cause (plain http, stripped header, keys, permissions).
                        waitFor(r.httpStatus() + " " + r.code() + ": " + r.message());
                    } else {
                        note = note.rejectedBecause(r.httpStatus() + " " + r.code() + " " + r.message());
                    }
                }
                case UNAVAILABLE -> waitFor(((ShopResult.Unavailable<String>) added).reason());
            }
            return this;
        }

        /** The failure status is written only while the order keeps the status whose step failed. */
        private boolean checkStatus() {
            Note checking = note;
            ShopResult<String> status = log.shop(note.sortKey(), "shop.orderStatus", Map.of("order", note.orderId()),
                    () -> shop.orderStatus(checking.orderId()));
            switch (status.kind()) {
                case OK -> {
                    String current = ((ShopResult.Ok<String>) status).value();
                    if (!current.equals(note.statusIfStill()) && !current.equals(note.setStatus())) {
                        // The merchant moved the order on since the step failed: their status stands.
                        note = note.withoutStatus(NoteText.statusNotChanged(note.setStatus(), current));
                    }
                    return true;
                }
                case REJECTED -> {
                    ShopResult.Rejected<String> r = (ShopResult.Rejected<String>) status;
                    if (r.credentialsProblem()) {
                        // Without reading the order, the status must not be written blind.
                        waitFor(r.httpStatus() + " " + r.code() + ": " + r.message());
                        return false;
                    }
                    return true;
                }
                case UNAVAILABLE -> {
                    waitFor(((ShopResult.Unavailable<String>) status).reason());
                    return false;
                }
            }
            throw new IllegalStateException("every kind is handled above");
        }

        private boolean updateOrder() {
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("order", note.orderId());
            request.put("status", note.setStatus());
            request.put("meta", note.meta());
            Note updating = note;
            ShopResult<Void> updated = log.shop(note.sortKey(), "shop.updateOrder", request,
                    () -> shop.updateOrder(updating.orderId(), updating.setStatus(), updating.meta()));
            switch (updated.kind()) {
                case OK -> note = note.withOrderUpdated();
                case REJECTED -> {
                    ShopResult.Rejected<Void> r = (ShopResult.Rejected<Void>) updated;
                    if (r.credentialsProblem()) {
                        // Not a refusal of this change: nothing gets through until the keys or transport are fixed.
                        waitFor(r.httpStatus() + " " + r.code() + ": " + r.message());
                        return false;
                    }
                    if (UNREGISTERED_STATUS.equals(r.code()) && note.setStatus() != null
                            && !OrderStatuses.ON_HOLD.equals(note.setStatus())) {
                        // WooCommerce takes only statuses the shop registered: on hold is always there.
                        note = note.withStatusInstead(OrderStatuses.ON_HOLD, NoteText.statusUnregistered(note.setStatus()));
                        return updateOrder();
                    }
                    note = note.setStatus() != null ? note.withOrderUpdateRefused(NoteText.statusRefused(note.setStatus(),
                            r.httpStatus() + " " + r.code() + " " + r.message())) : note.withOrderUpdated();
                }
                case UNAVAILABLE -> {
                    waitFor(((ShopResult.Unavailable<Void>) updated).reason());
                    return false;
                }
            }
            return true;
        }

        private void waitFor(String reason) {
            note = note.retryAt(nextAttempt(now, note.attempts() + 1), reason);
            shopDown = true;
        }
    }
}

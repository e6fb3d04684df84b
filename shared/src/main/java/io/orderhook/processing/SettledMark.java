package io.orderhook.processing;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.orderhook.lifecycle.CaptureRequest;
import io.orderhook.order.OrderSnapshot;
import io.orderhook.shop.ShopConfig;

/**
 * The content of an order as the reconciler reads it, with the shop's configuration, as a short
 * hash: everything of the snapshot but its modification time and the meta orderhook writes back
 * itself ({@value #OWN_META}...), plus whether a capture request is open (the shop sets that one
 * under the same prefix). The echo of orderhook's write-back differs from the snapshot that caused
 * it in exactly those, so it has the same mark; any change of the merchant's (status, lines,
 * refunds, payment number, a capture request, a setting) gives another.
 *
 * <p>The content is rendered the same way in every JVM (sets and maps in sorted order), since the
 * echo is often processed by another container than the change: a rendering that differed would
 * cost the echo its short path. Equal marks for different content would need a SHA-256 collision.
 */
final class SettledMark {
    /** The prefix of every order meta key orderhook writes to the shop. */
    static final String OWN_META = "_orderhook_";

    private SettledMark() {}

    static String of(ShopConfig config, OrderSnapshot snapshot) {
        Map<String, String> meta = new TreeMap<>(snapshot.meta());
        meta.keySet().removeIf(key -> key.startsWith(OWN_META));
        // The meta apart, in key order: the snapshot's own map has no fixed order.
        OrderSnapshot timeless = new OrderSnapshot(snapshot.orderId(), snapshot.status(), snapshot.paymentMethod(),
                snapshot.transactionId(), snapshot.currency(), Instant.EPOCH, snapshot.pricesIncludeTax(), snapshot.lines(),
                snapshot.taxRates(), snapshot.total(), snapshot.totalTax(), snapshot.refunds(), Map.of(),
                snapshot.orderNumber(), snapshot.customer());
        // A capture request is meta under orderhook's prefix by default ({@code _orderhook_capture}), set by
        // the shop, not written back by orderhook: whether one is open is part of the content.
        String content = String.join("\n", config.shopId(), Long.toString(config.version()), canonical(config.settings()),
                canonical(timeless), canonical(meta), "captureAsked=" + CaptureRequest.asked(snapshot, config.settings()));
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(hash, 18));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Records by their components, sets and maps sorted: the same text for equal values in every JVM. */
    static String canonical(Object value) {
        if (value instanceof Record record) {
            StringBuilder text = new StringBuilder(record.getClass().getSimpleName()).append('[');
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                try {
                    Method accessor = component.getAccessor();
                    accessor.setAccessible(true); // a record nested in a package-private class
                    text.append(component.getName()).append('=').append(canonical(accessor.invoke(record))).append(';');
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot read " + component + " of " + record.getClass(), e);
                }
            }
            return text.append(']').toString();
        }
        if (value instanceof Set<?> set) {
            return set.stream().map(SettledMark::canonical).sorted().toList().toString();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, String> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(canonical(k), canonical(v)));
            return sorted.toString();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(SettledMark::canonical).toList().toString();
        }
        return String.valueOf(value);
    }

    /** Whether the snapshot shows that orderhook wrote back to this order before, so that it may be an echo. */
    static boolean mayBeEcho(OrderSnapshot snapshot) {
        return snapshot.meta().keySet().stream().anyMatch(key -> key.startsWith(OWN_META));
    }
}

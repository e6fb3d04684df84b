package io.orderhook.lifecycle;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.orderhook.order.OrderSnapshot;
import io.orderhook.shop.CaptureSettings;
import io.orderhook.shop.ShopSettings;

/**
 * A request to capture, apart from the order's status: the order meta key of
 * {@link CaptureSettings#metaKey()} set by the shop (a shipping plugin when the carrier scans the
 * parcel) or by orderhook itself for the admin API and {@code orderhook capture}. The meta is the
 * request's one home: orderhook answers it by writing {@link #DONE} with the outcome, so a request
 * is answered once and a new one is a new value saved on the order.
 */
public final class CaptureRequest {
    /** What orderhook writes when it has answered a request. */
    public static final String DONE = "done";
    /** What orderhook writes to ask for a capture on the merchant's behalf. */
    public static final String REQUESTED = "requested";
    /** Values a plugin may leave to mean "no request". */
    private static final Set<String> NOT_ASKED = Set.of("", DONE, "0", "no", "false");

    private CaptureRequest() {}

    /** Whether the snapshot carries a capture request the shop's trigger listens to. */
    public static boolean asked(OrderSnapshot snapshot, ShopSettings settings) {
        CaptureSettings capture = settings.capture();
        if (!capture.trigger().byRequest()) {
            return false;
        }
        String value = snapshot.meta().get(capture.metaKey());
        return value != null && !NOT_ASKED.contains(value.strip().toLowerCase(Locale.ROOT));
    }

    /** Whether the snapshot's status asks for a capture under the shop's trigger. */
    public static boolean byStatus(OrderSnapshot snapshot, ShopSettings settings) {
        return settings.capture().trigger().byStatus() && snapshot.status().equals(settings.captureStatus());
    }

    /** The meta that answers a request, with what became of it in the merchant's words. */
    public static Map<String, String> answered(ShopSettings settings, String outcome) {
        return Map.of(settings.capture().metaKey(), DONE, settings.capture().outcomeMetaKey(), outcome);
    }

    /**
     * The key of the notice that answers a request which needed no capture (already captured):
     * one per version of the order, and given as soon as an activation answered the request.
     */
    public static String answerKey(OrderState state, OrderSnapshot snapshot) {
        return Reconciler.keyBase(state) + "/notice/capture-request/" + snapshot.dateModifiedGmt().getEpochSecond();
    }
}

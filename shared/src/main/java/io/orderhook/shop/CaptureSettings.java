package io.orderhook.shop;

import java.util.Locale;

/**
 * When orderhook captures, apart from the order's status. In Denmark a payment may only be
 * captured once the goods have left the warehouse, so a shop whose status says "shipped" when
 * the label is printed (hours before the carrier collects) lets the capture follow a request
 * instead: an order meta key set by a shipping plugin when the parcel is scanned, the admin
 * API or {@code orderhook capture}.
 *
 * @param trigger            what makes orderhook capture
 * @param metaKey            the order meta key a request arrives in (any value but {@code done}, {@code 0},
 *                           {@code no}, {@code false}); orderhook writes {@code done} back with the outcome
 *                           under {@code {metaKey}_outcome}
 * @param expiryWarningDays  how many days before an authorisation lapses the merchant is warned
 * @param extendAllowed      whether orderhook may extend an authorisation where the provider can
 */
public record CaptureSettings(Trigger trigger, String metaKey, int expiryWarningDays, boolean extendAllowed) {
    public static final String DEFAULT_META_KEY = "_orderhook_capture";

    /** What makes orderhook capture a reserved payment. */
    public enum Trigger {
        /** The shop's capture status (orderhook's behaviour before requests existed). */
        STATUS,
        /** A capture request only; the capture status then captures nothing. */
        REQUEST,
        /** Whichever comes first; the capture happens once. */
        EITHER;

        public boolean byStatus() {
            return this != REQUEST;
        }

        public boolean byRequest() {
            return this != STATUS;
        }

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @throws IllegalArgumentException naming the three choices */
        public static Trigger parse(String text) {
            for (Trigger t : values()) {
                if (t.wireName().equals(text)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("capture trigger must be status, request or either, not '" + text + "'");
        }
    }

    public CaptureSettings {
        trigger = trigger == null ? Trigger.STATUS : trigger;
        metaKey = metaKey == null || metaKey.isBlank() ? DEFAULT_META_KEY : metaKey;
    }

    public static CaptureSettings defaults() {
        return new CaptureSettings(Trigger.STATUS, DEFAULT_META_KEY, 2, false);
    }

    public CaptureSettings withTrigger(Trigger t) {
        return new CaptureSettings(t, metaKey, expiryWarningDays, extendAllowed);
    }

    /** Where orderhook writes what became of a request. */
    public String outcomeMetaKey() {
        return metaKey + "_outcome";
    }
}

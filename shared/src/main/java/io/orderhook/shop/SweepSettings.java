package io.orderhook.shop;

/**
 * How the sweep watches one shop (settings name {@code sweep}).
 *
 * @param reactivateWebhook set orderhook's order webhook back to active when WooCommerce disabled
 *                          it after failed deliveries (the sweep reports it either way, and carries
 *                          out the changes it missed)
 * @param overlapSeconds    how far before its watermark each sweep starts again: WooCommerce's
 *                          {@code modified_after} is exclusive and dates have whole seconds, so
 *                          changes within the same second as the watermark need a second look
 * @param settleSeconds     how old a change must be before the sweep looks at it: the shop's
 *                          delivery queue usually brings it first, and then the sweep finds it stored
 */
public record SweepSettings(boolean reactivateWebhook, int overlapSeconds, int settleSeconds) {
    public static final int MAX_SECONDS = 3600;

    public SweepSettings {
        if (overlapSeconds < 0 || overlapSeconds > MAX_SECONDS || settleSeconds < 0 || settleSeconds > MAX_SECONDS) {
            throw new IllegalArgumentException("the sweep's overlapSeconds and settleSeconds must be 0 to " + MAX_SECONDS);
        }
    }

    public static SweepSettings defaults() {
        return new SweepSettings(false, 120, 300);
    }
}

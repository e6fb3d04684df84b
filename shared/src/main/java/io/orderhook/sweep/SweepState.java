package io.orderhook.sweep;

import java.time.Instant;

/**
 * What the sweep knows of one shop (item {@code SWEEP} / {@code {shopId}}).
 *
 * @param shopId          the shop
 * @param watermarkGmt    the newest {@code date_modified_gmt} up to which every change was stored
 *                        ({@code yyyy-MM-ddTHH:mm:ss}, UTC); null before the first page
 * @param lastRunAt       when the sweep last looked at the shop; null never
 * @param lastOutcome     "ok", or the sentence saying what went wrong
 * @param lastListed      orders the last run listed
 * @param lastCaughtUp    changes the last run stored that no delivery had brought
 * @param caughtUpTotal   such changes over all runs
 * @param webhookStatus   orderhook's order webhook as the last run found it: active, paused,
 *                        disabled, missing; null when not checked
 * @param webhookCheckedAt when it was checked
 */
public record SweepState(String shopId, String watermarkGmt, Instant lastRunAt, String lastOutcome, long lastListed,
                         long lastCaughtUp, long caughtUpTotal, String webhookStatus, Instant webhookCheckedAt) {

    public static SweepState never(String shopId) {
        return new SweepState(shopId, null, null, null, 0, 0, 0, null, null);
    }
}

package io.orderhook.sweep;

import java.util.ArrayList;
import java.util.List;

import io.orderhook.shop.ShopClient;
import io.orderhook.shop.ShopResult;
import io.orderhook.shop.ShopWebhookState;

/**
 * The health of the shop's order webhook that points at orderhook: WooCommerce disables a webhook
 * at the seventh failed delivery in a row and then drops every event silently, and an admin may
 * pause or delete it. Only a {@code disabled} one is re-activated (when the shop's setting says
 * so): a paused webhook is a person's decision. WooCommerce keeps the failure count on
 * re-activation, so one more failure disables it again; the sweep covers the gap either way.
 */
final class WebhookHealth {
    /** The webhook that carries changes; the others (created, deleted) are reported with it. */
    static final String TOPIC = "order.updated";
    /** Statuses from the least to the most serious: the shop's status is its worst webhook's. */
    private static final List<String> SEVERITY = List.of("active", "reactivated", "paused", "disabled");
    private static final String REACTIVATED = "orderhook set it active again";
    private static final List<String> ORDER_TOPICS = List.of("order.created", "order.updated", "order.deleted", "order.restored");

    /**
     * @param status  active, paused, disabled, reactivated, missing, or unknown (the shop did not answer)
     * @param problem a sentence for the operator, or null when the webhook is active
     */
    record Finding(String status, String problem) {}

    private WebhookHealth() {}

    static Finding check(ShopClient client, String shopId, boolean reactivate) {
        ShopResult<List<ShopWebhookState>> listed = client.webhooks();
        if (!(listed instanceof ShopResult.Ok<List<ShopWebhookState>> ok)) {
            return new Finding("unknown", "the shop's webhooks could not be read (" + describe(listed) + ")");
        }
        List<ShopWebhookState> ours = ok.value().stream()
                .filter(w -> ORDER_TOPICS.contains(w.topic()) && pointsAt(w, shopId)).toList();
        if (ours.stream().noneMatch(w -> w.topic().equals(TOPIC))) {
            return new Finding("missing", "the shop has no order.updated webhook delivering to orderhook: only the sweep "
                    + "sees its changes; run orderhook connect " + shopId + " to create it");
        }
        List<String> problems = new ArrayList<>();
        String status = "active";
        for (ShopWebhookState webhook : ours) {
            String found = switch (webhook.status()) {
                case "active" -> "active";
                case "disabled" -> {
                    String reactivated = reactivate ? reactivate(client, webhook) : null;
                    problems.add("webhook #" + webhook.id() + " " + webhook.topic() + " was disabled by WooCommerce after "
                            + "failed deliveries; " + (reactivated != null ? reactivated
                            : "set it to active in WooCommerce (Settings > Advanced > Webhooks) once the receiver answers"));
                    yield REACTIVATED.equals(reactivated) ? "reactivated" : "disabled";
                }
                case "paused" -> {
                    problems.add("webhook #" + webhook.id() + " " + webhook.topic() + " is paused in WooCommerce");
                    yield "paused";
                }
                default -> {
                    problems.add("webhook #" + webhook.id() + " " + webhook.topic() + " has status " + webhook.status());
                    yield "disabled";
                }
            };
            status = SEVERITY.indexOf(found) > SEVERITY.indexOf(status) ? found : status;
        }
        return new Finding(status, problems.isEmpty() ? null : String.join("; ", problems)
                + "; the sweep carries out the changes it did not deliver");
    }

    private static String reactivate(ShopClient client, ShopWebhookState webhook) {
        ShopResult<ShopWebhookState> answer = client.activateWebhook(webhook.id());
        return answer instanceof ShopResult.Ok<ShopWebhookState> ok && ok.value().status().equals("active")
                ? REACTIVATED : "re-activating it failed (" + describe(answer) + ")";
    }

    /** orderhook's delivery URL ends {@code /webhooks/woocommerce/{shopId}}; connect names its webhooks "orderhook {shopId} ...". */
    private static boolean pointsAt(ShopWebhookState webhook, String shopId) {
        String url = webhook.deliveryUrl() == null ? "" : webhook.deliveryUrl();
        return url.endsWith("/webhooks/woocommerce/" + shopId) || webhook.name().startsWith("orderhook " + shopId + " ");
    }

    private static String describe(ShopResult<?> result) {
        return switch (result.kind()) {
            case OK -> "unexpected answer";
            case REJECTED -> {
                ShopResult.Rejected<?> no = (ShopResult.Rejected<?>) result;
                yield no.httpStatus() + " " + no.code();
            }
            case UNAVAILABLE -> ((ShopResult.Unavailable<?>) result).reason();
        };
    }
}

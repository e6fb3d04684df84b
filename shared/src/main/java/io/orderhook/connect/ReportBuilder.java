package io.orderhook.connect;

import java.util.ArrayList;
import java.util.List;

import io.orderhook.connect.ShopConnector.Report;
import io.orderhook.connect.ShopConnector.WebhookLine;
import io.orderhook.secrets.SecretResolver;
import io.orderhook.secrets.SecretStore;
import io.orderhook.shop.RestAuth;

/** The report of one connect or disconnect, built as its steps go. */
final class ReportBuilder {
    final String shopId;
    final List<String> checks = new ArrayList<>();
    final List<String> done = new ArrayList<>();
    final List<String> unchanged = new ArrayList<>();
    final List<String> toDo = new ArrayList<>();
    final List<WebhookLine> webhooks = new ArrayList<>();
    private final SecretStore secrets;

    ReportBuilder(String shopId, SecretStore secrets) {
        this.shopId = shopId;
        this.secrets = secrets;
    }

    /** Stores a secret only when it differs, so a second run writes nothing. */
    void store(String reference, String value, String what) {
        if (value.equals(current(reference))) {
            unchanged.add(what + " (under " + reference + ")");
        } else {
            secrets.store(reference, value);
            done.add("stored " + what + " under " + reference);
        }
    }

    /** The secret stored under {@code reference}, or null when there is none. */
    String current(String reference) {
        try {
            return secrets.resolve(reference);
        } catch (SecretResolver.MissingSecretException missing) {
            return null;
        }
    }

    Report failed(String problem, RestAuth auth) {
        return new Report(shopId, problem, auth.wireName(), List.copyOf(checks), List.copyOf(done), List.copyOf(unchanged),
                List.copyOf(toDo), List.copyOf(webhooks));
    }

    Report report(RestAuth used, RestAuth stored) {
        return new Report(shopId, null, stored == RestAuth.AUTO ? "auto (" + used.wireName() + ")" : used.wireName(),
                List.copyOf(checks), List.copyOf(done), List.copyOf(unchanged), List.copyOf(toDo), List.copyOf(webhooks));
    }
}

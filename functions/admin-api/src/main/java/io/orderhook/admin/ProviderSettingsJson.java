package io.orderhook.admin;

import java.net.URI;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.admin.AdminInput.BadRequest;
import io.orderhook.json.Json;
import io.orderhook.provider.ProviderRegistry;
import io.orderhook.shop.ProviderSettings;
import io.orderhook.shop.ShopConfig;

/**
 * The settings {@code providers} as JSON: {@code {"kco": {"provider": "klarna", "accountId": "K1",
 * "secretRef": "shop/klarna", "endpoint": "eu", "testMode": true}}}. A change names only the
 * methods it changes; {@code null} for a method sends it back to the shop's own provider account.
 * The accounts take references to secrets (as the secret resolvers read them), never a secret.
 */
final class ProviderSettingsJson {
    static final String FIELD = "providers";

    private static final Set<String> ACCOUNT_FIELDS = Set.of("provider", "accountId", "secretRef", "endpoint", "testMode");
    private static final Pattern PAYMENT_METHOD = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** Secrets Manager names and ARNs ({@code #field} of a JSON secret), environment variables, file keys. */
    private static final Pattern SECRET_REF = Pattern.compile("[A-Za-z0-9/_+=.@:#-]{1,512}");
    /** Klarna's regions; every other endpoint is a URL. */
    private static final Set<String> REGIONS = Set.of("eu", "na", "oc");

    private ProviderSettingsJson() {}

    static ObjectNode json(ProviderSettings providers) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        providers.methods().forEach((method, account) -> {
            ObjectNode a = out.putObject(method);
            a.put("provider", account.name());
            a.put("accountId", account.accountId());
            a.put("secretRef", account.secretRef());
            a.put("endpoint", account.endpoint());
            a.put("testMode", account.testMode());
        });
        return out;
    }

    /** {@code current} with the methods the change names routed or unrouted; each account checked. */
    static ProviderSettings apply(ProviderSettings current, JsonNode change) {
        if (!change.isObject()) {
            throw new BadRequest(FIELD + " must be an object of payment method id to provider account, e.g. "
                    + "{\"kco\": {\"provider\": \"klarna\", \"secretRef\": \"shop/klarna\", \"endpoint\": \"eu\"}}");
        }
        ProviderSettings changed = current;
        for (Iterator<Map.Entry<String, JsonNode>> it = change.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String method = entry.getKey();
            if (!PAYMENT_METHOD.matcher(method).matches()) {
                throw new BadRequest("payment method '" + method + "' is not a WooCommerce gateway id (letters, digits, - and _)");
            }
            changed = changed.with(method, entry.getValue().isNull() ? null : account(method, entry.getValue()));
        }
        return changed;
    }

    private static ShopConfig.ProviderAccount account(String method, JsonNode node) {
        String what = FIELD + "." + method;
        if (!node.isObject()) {
            throw new BadRequest(what + " must be a provider account object, or null for the shop's own provider");
        }
        AdminInput.requireOnly(node, ACCOUNT_FIELDS, what);
        ProviderRegistry registry = ProviderRegistry.standard();
        String provider = AdminInput.text(node, "provider");
        if (!registry.knows(provider)) {
            throw new BadRequest(what + ".provider '" + provider + "' is not a provider orderhook knows: " + registry.names());
        }
        String secretRef = AdminInput.text(node, "secretRef");
        if (!SECRET_REF.matcher(secretRef).matches()) {
            throw new BadRequest(what + ".secretRef must be the name of the secret (letters, digits and /_+=.@:#-), "
                    + "not the secret itself");
        }
        String accountId = optionalText(node, "accountId", what);
        String endpoint = optionalText(node, "endpoint", what);
        if (endpoint != null && !REGIONS.contains(endpoint) && !isHttpUrl(endpoint)) {
            throw new BadRequest(what + ".endpoint must be an http(s) URL or, for Klarna, a region (eu, na, oc), not '"
                    + endpoint + "'");
        }
        boolean testMode = node.has("testMode") && AdminInput.boolField(node, "testMode");
        return new ShopConfig.ProviderAccount(provider.toLowerCase(Locale.ROOT), accountId, secretRef, endpoint,
                testMode);
    }

    private static String optionalText(JsonNode node, String field, String what) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || value.asText().length() > 512) {
            throw new BadRequest(what + "." + field + " must be text of at most 512 characters");
        }
        return value.asText().isBlank() ? null : value.asText().strip();
    }

    private static boolean isHttpUrl(String text) {
        try {
            URI uri = URI.create(text);
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}

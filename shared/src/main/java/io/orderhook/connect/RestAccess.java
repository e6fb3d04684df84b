package io.orderhook.connect;

import java.net.URI;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.orderhook.connect.ShopConnector.Clients;
import io.orderhook.json.Json;
import io.orderhook.shop.RestAuth;
import io.orderhook.shop.ShopResult;
import io.orderhook.shop.woocommerce.WooCommerceRestClient;

/**
 * The REST key checked as the processor will use it: the shop reached at the URL WordPress calls
 * its home, the key reading and writing, and, for {@link RestAuth#AUTO} over https, the key sent in
 * the query string when the web server strips the Authorization header.
 */
final class RestAccess {
    /** The client that works and how it presents the key; or why none does. */
    record Checked(WooCommerceRestClient client, RestAuth used, String problem) {}

    private RestAccess() {}

    static Checked check(Clients clients, URI shopUrl, ShopConnector.ConnectRequest r, ReportBuilder steps) {
        WooCommerceRestClient client;
        try {
            client = clients.create(shopUrl, r.consumerKey(), r.consumerSecret(), r.auth());
        } catch (IllegalArgumentException unsafe) {
            return new Checked(null, r.auth(), unsafe.getMessage());
        }
        RestAuth used = client.auth();
        ShopResult<JsonNode> index = client.siteIndex();
        if (index instanceof ShopResult.Unavailable<JsonNode> down) {
            return new Checked(null, used, "the shop cannot be reached: " + down.reason());
        }
        if (index instanceof ShopResult.Ok<JsonNode> ok && ok.value().hasNonNull("home")) {
            String home = ok.value().get("home").asText();
            if (!sameSite(URI.create(home), shopUrl)) {
                String advice = "WordPress's home URL is " + home + ", not " + shopUrl + "; connect with --url " + home;
                if (used == RestAuth.OAUTH1) {
                    return new Checked(null, used, advice + " (WooCommerce signs OAuth requests with its home URL)");
                }
                steps.toDo.add(advice + ".");
            }
        }
        ShopResult<JsonNode> read = client.request("GET", "/webhooks", Map.of("per_page", "1"), null);
        if (r.auth() == RestAuth.AUTO && used == RestAuth.BASIC && read instanceof ShopResult.Rejected<JsonNode> refused
                && refused.httpStatus() == 401 && refused.code().startsWith("woocommerce_rest_cannot_")) {
            // WooCommerce saw no credentials over https: a server that strips the Authorization header.
            WooCommerceRestClient viaQuery = clients.create(shopUrl, r.consumerKey(), r.consumerSecret(), RestAuth.QUERY);
            ShopResult<JsonNode> again = viaQuery.request("GET", "/webhooks", Map.of("per_page", "1"), null);
            if (again instanceof ShopResult.Ok<JsonNode>) {
                client = viaQuery;
                used = RestAuth.QUERY;
                read = again;
                steps.checks.add("the web server strips the Authorization header: orderhook sends the key in the query "
                        + "string instead (REST auth query, https only)");
            }
        }
        if (!(read instanceof ShopResult.Ok<JsonNode>)) {
            return new Checked(null, used, "REST access refused: " + describe(read));
        }
        steps.checks.add("REST access: the key reads (" + used.wireName() + " over " + shopUrl.getScheme() + ")");
        // Updating webhook 0, which never exists, changes nothing; WooCommerce checks the key's write
        // permission and the user's capability before it looks for the webhook.
        ShopResult<JsonNode> write = client.request("PUT", "/webhooks/0", Map.of(), Json.MAPPER.createObjectNode());
        if (write instanceof ShopResult.Rejected<JsonNode> no && !no.code().equals("woocommerce_rest_shop_webhook_invalid_id")) {
            return new Checked(null, used, "the key cannot write: " + describe(write));
        }
        if (write instanceof ShopResult.Unavailable<JsonNode>) {
            return new Checked(null, used, "the shop failed during the write check: " + describe(write));
        }
        steps.checks.add("REST access: the key writes (webhooks and order notes)");
        return new Checked(client, used, null);
    }

    static String describe(ShopResult<?> result) {
        if (result instanceof ShopResult.Rejected<?> no) {
            return "HTTP " + no.httpStatus() + " " + no.code() + ": " + no.message();
        }
        return result instanceof ShopResult.Unavailable<?> down ? down.reason() : "ok";
    }

    /** Scheme, host, port and path alike (default ports and a trailing slash aside). */
    static boolean sameSite(URI a, URI b) {
        return canonical(a).equals(canonical(b));
    }

    private static String canonical(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
        int port = url.getPort();
        if ((scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443)) {
            port = -1;
        }
        String path = url.getRawPath() == null ? "" : url.getRawPath().replaceAll("/+$", "");
        return scheme + "://" + (url.getHost() == null ? "" : url.getHost().toLowerCase(java.util.Locale.ROOT)) + ":" + port + path;
    }
}

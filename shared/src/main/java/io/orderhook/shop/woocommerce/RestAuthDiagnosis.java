package io.orderhook.shop.woocommerce;

import java.util.Locale;

import io.orderhook.shop.RestAuth;

/**
 * What a 401 or 403 from WooCommerce most likely means, given how orderhook authenticated and
 * over which transport. WooCommerce's own message rarely says it: over plain http it ignores
 * Basic auth without a word and the endpoint then refuses an anonymous caller
 * ({@code woocommerce_rest_cannot_edit}), which reads like a problem with the keys.
 */
public final class RestAuthDiagnosis {
    private RestAuthDiagnosis() {}

    /**
     * @param auth  the mode the request used (resolved, never {@link RestAuth#AUTO})
     * @param https whether the shop URL is https
     * @return "Likely cause (kind): what to do", the kind being transport, stripped header, keys,
     *         permissions, URL, clock or replay; empty for statuses other than 401 and 403
     */
    public static String likelyCause(int status, String code, String message, RestAuth auth, boolean https) {
        if (status != 401 && status != 403) {
            return "";
        }
        String c = code == null ? "" : code;
        String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
        if (c.startsWith("woocommerce_rest_cannot_") || c.equals("rest_forbidden")) {
            if (status == 403) {
                return cause("permissions", "the key's WordPress user may not do this; create the key for a shop manager "
                        + "or an administrator.");
            }
            // An endpoint refusing an anonymous caller: WooCommerce saw no credentials at all.
            if (!https && (auth == RestAuth.BASIC || auth == RestAuth.QUERY)) {
                return cause("transport", "the shop is on plain http, where WooCommerce ignores Basic auth and query-string "
                        + "keys and accepts only OAuth 1.0a; set the shop's REST auth to oauth1 (or auto), or serve the shop "
                        + "over https.");
            }
            if (auth == RestAuth.BASIC) {
                return cause("stripped header", "the web server in front of WordPress dropped the Authorization header, so "
                        + "WooCommerce saw no key; set the shop's REST auth to query (keys in the query string, https only) "
                        + "or make the server pass the header on.");
            }
            return cause("keys", "WooCommerce saw no valid credentials; check the REST key and the shop URL.");
        }
        if (c.equals("woocommerce_rest_authentication_missing_parameter")) {
            return cause("transport", "the OAuth parameters did not all reach WooCommerce; a proxy or a redirect dropped "
                    + "the query string.");
        }
        if (m.contains("consumer key is invalid") || m.contains("consumer secret is invalid")) {
            return cause("keys", "the consumer key or secret is wrong or was revoked; create a new key in WooCommerce > "
                    + "Settings > Advanced > REST API and connect the shop again.");
        }
        if (m.contains("write permissions") || m.contains("read permissions")) {
            return cause("permissions", "the REST key lacks " + (m.contains("write") ? "write" : "read") + " access; give "
                    + "it Read/Write in WooCommerce > Settings > Advanced > REST API.");
        }
        if (m.contains("signature")) {
            return cause("keys or URL", "the OAuth signature did not match: the consumer secret is wrong, or the shop URL "
                    + "differs from WordPress's own home URL (scheme, www, path), which WooCommerce signs with.");
        }
        if (m.contains("timestamp")) {
            return cause("clock", "this machine's clock and the shop's differ by more than 15 minutes; WooCommerce refuses "
                    + "OAuth requests outside that window.");
        }
        if (m.contains("nonce")) {
            return cause("replay", "WooCommerce had seen this OAuth nonce before; something sent the request twice.");
        }
        return status == 403 ? cause("permissions", "the key's WordPress user may not do this.")
                : cause("keys", "check the REST key and secret, their Read/Write permission and the shop URL.");
    }

    private static String cause(String kind, String advice) {
        return "Likely cause (" + kind + "): " + advice;
    }
}

package io.orderhook.connect;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Whether WordPress will deliver to a webhook URL. WooCommerce posts webhooks and pings with
 * {@code wp_safe_remote_post}, whose {@code wp_http_validate_url} refuses, unless the URL's host
 * is the site's own: loopback, private and {@code 0.x} addresses (unless the
 * {@code http_request_host_is_external} filter allows them), and any explicit port other than 80,
 * 443 and 8080 (filter {@code http_allowed_safe_ports}) or the site's own port. IPv6 literals are
 * refused outright. A refused URL fails every delivery and the ping, silently for the merchant.
 */
public final class DeliveryUrlCheck {
    static final Set<Integer> SAFE_PORTS = Set.of(80, 443, 8080);

    private DeliveryUrlCheck() {}

    /** What the merchant has to do so that the shop at {@code shopUrl} can deliver to {@code deliveryUrl}; empty when nothing. */
    public static List<String> problems(URI deliveryUrl, URI shopUrl) {
        List<String> problems = new ArrayList<>();
        String host = deliveryUrl.getHost() == null ? "" : deliveryUrl.getHost().toLowerCase(Locale.ROOT);
        String shopHost = shopUrl.getHost() == null ? "" : shopUrl.getHost().toLowerCase(Locale.ROOT);
        boolean sameHost = host.equals(shopHost);
        if (host.startsWith("[") || host.contains(":")) {
            problems.add("WordPress refuses delivery URLs with an IPv6 address (" + host + "); use a host name or an IPv4 address.");
            return problems;
        }
        if (!sameHost && isLocal(host)) {
            problems.add("WordPress refuses to deliver to " + host + " (a loopback or private address) unless the "
                    + "http_request_host_is_external filter allows it: in a WordPress on the same machine or network add a "
                    + "mu-plugin with add_filter('http_request_host_is_external', '__return_true'); a shop elsewhere cannot "
                    + "reach it at all: give a public URL or a tunnel with --delivery-url.");
        }
        int port = deliveryUrl.getPort();
        boolean shopsOwnPort = sameHost && port != -1 && port == shopUrl.getPort();
        if (port != -1 && !SAFE_PORTS.contains(port) && !shopsOwnPort) {
            problems.add("WordPress delivers webhooks only to ports 80, 443 and 8080 (or the site's own), not " + port
                    + ": run orderhook on one of those (./orderhook local --port 8080) or allow the port with the "
                    + "http_allowed_safe_ports filter.");
        }
        if ("http".equalsIgnoreCase(deliveryUrl.getScheme()) && !isLocal(host)) {
            problems.add("The delivery URL is plain http: order bodies with customer data would cross the network "
                    + "unencrypted; prefer https.");
        }
        return problems;
    }

    /** wp_http_validate_url's ranges: 127/8, 10/8, 172.16/12, 192.168/16, 0/8; and localhost names. */
    static boolean isLocal(String host) {
        if (host.equals("localhost") || host.endsWith(".localhost")) {
            return true;
        }
        String[] parts = host.split("\\.");
        if (parts.length != 4) {
            return false;
        }
        int[] octets = new int[4];
        for (int i = 0; i < 4; i++) {
            if (!parts[i].matches("\\d{1,3}")) {
                return false;
            }
            octets[i] = Integer.parseInt(parts[i]);
        }
        return octets[0] == 127 || octets[0] == 10 || octets[0] == 0
                || (octets[0] == 172 && octets[1] >= 16 && octets[1] <= 31)
                || (octets[0] == 192 && octets[1] == 168);
    }
}

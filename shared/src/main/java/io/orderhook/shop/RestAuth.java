package io.orderhook.shop;

import java.net.URI;
import java.util.Locale;

/**
 * How orderhook authenticates to a shop's WooCommerce REST API, the ways WooCommerce's
 * {@code WC_REST_Authentication} accepts a REST key.
 */
public enum RestAuth {
    /** {@link #BASIC} for an https shop URL, {@link #OAUTH1} for plain http. */
    AUTO("auto"),
    /** The key and secret as HTTP Basic credentials. WooCommerce reads them only over HTTPS. */
    BASIC("basic"),
    /**
     * {@code consumer_key} and {@code consumer_secret} as query parameters, for hosts whose web
     * server strips the Authorization header before PHP sees it. HTTPS only, like Basic.
     */
    QUERY("query"),
    /**
     * OAuth 1.0a "one-legged": each request signed with HMAC over method, URL and parameters;
     * the secret never travels. What WooCommerce requires over plain http.
     */
    OAUTH1("oauth1");

    private final String wireName;

    RestAuth(String wireName) {
        this.wireName = wireName;
    }

    /** As written in configurations and on the command line: auto, basic, query, oauth1. */
    public String wireName() {
        return wireName;
    }

    /** What {@code auto} and every other mode amounts to against this shop URL. */
    public RestAuth resolve(URI shopUrl) {
        if (this != AUTO) {
            return this;
        }
        return isHttps(shopUrl) ? BASIC : OAUTH1;
    }

    public static boolean isHttps(URI url) {
        return url.getScheme() != null && url.getScheme().toLowerCase(Locale.ROOT).equals("https");
    }

    /** Reads a configured value; a missing one is {@link #AUTO}. */
    public static RestAuth parse(String value) {
        if (value == null || value.isBlank()) {
            return AUTO;
        }
        for (RestAuth auth : values()) {
            if (auth.wireName.equals(value.trim().toLowerCase(Locale.ROOT))) {
                return auth;
            }
        }
        throw new IllegalArgumentException("REST auth '" + value + "' is not one of auto, basic, query, oauth1");
    }
}

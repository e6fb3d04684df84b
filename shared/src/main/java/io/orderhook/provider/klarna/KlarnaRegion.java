package io.orderhook.provider.klarna;

import java.net.URI;
import java.util.Locale;

/**
 * Klarna's API hosts. The region is fixed by where the merchant account lives, and API
 * credentials are per region and per environment (playground or live), so a shop's account
 * names its region once.
 */
public enum KlarnaRegion {
    EU("https://api.klarna.com/", "https://api.playground.klarna.com/"),
    NA("https://api-na.klarna.com/", "https://api-na.playground.klarna.com/"),
    OC("https://api-oc.klarna.com/", "https://api-oc.playground.klarna.com/");

    private final URI live;
    private final URI playground;

    KlarnaRegion(String live, String playground) {
        this.live = URI.create(live);
        this.playground = URI.create(playground);
    }

    public URI baseUrl(boolean playgroundEnvironment) {
        return playgroundEnvironment ? playground : live;
    }

    /**
     * The region Klarna's WooCommerce plugins choose for a purchase country (order meta
     * {@code _wc_klarna_country}): US and CA are North America, AU and NZ Oceania, the rest Europe.
     */
    public static KlarnaRegion forCountry(String purchaseCountry) {
        String country = purchaseCountry == null ? "" : purchaseCountry.trim().toUpperCase(Locale.ROOT);
        return switch (country) {
            case "US", "CA" -> NA;
            case "AU", "NZ" -> OC;
            default -> EU;
        };
    }

    /**
     * The base URL for an account's endpoint setting: a region name ({@code eu}, {@code na},
     * {@code oc}; empty means {@code eu}) on the playground host in test mode and the live host
     * otherwise, or an absolute http(s) URL taken as it is (the sandbox, or Kustom's
     * {@code *.kustom.co} hosts, which run the same API).
     *
     * @throws IllegalArgumentException for anything else, naming what is accepted
     */
    public static URI baseUrl(String endpointSetting, boolean testMode) {
        String setting = endpointSetting == null ? "" : endpointSetting.trim();
        if (setting.isEmpty()) {
            return EU.baseUrl(testMode);
        }
        for (KlarnaRegion region : values()) {
            if (region.name().equalsIgnoreCase(setting)) {
                return region.baseUrl(testMode);
            }
        }
        if (setting.startsWith("https://") || setting.startsWith("http://")) {
            return URI.create(setting.endsWith("/") ? setting : setting + "/");
        }
        throw new IllegalArgumentException("The Klarna endpoint setting \"" + setting
                + "\" is neither a region (eu, na, oc) nor an http(s) URL.");
    }
}

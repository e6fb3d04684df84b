package io.orderhook.testkit.stripe;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stripe's request parameters as they arrive: {@code application/x-www-form-urlencoded} bodies and
 * query strings with nested keys in brackets ({@code metadata[order_id]=10042},
 * {@code payment_method_options[card][request_incremental_authorization]=if_available}) and arrays
 * either indexed ({@code expand[0]=latest_charge}, as the Java SDK sends them) or with empty
 * brackets ({@code expand[]=latest_charge}, as curl examples do). Kept flat, keys decoded; a key
 * given twice keeps its last value.
 */
final class FormParams {
    private static final Pattern INDEXED = Pattern.compile("^([^\\[]+)\\[(\\d*)\\]$");

    private final Map<String, String> flat;

    private FormParams(Map<String, String> flat) {
        this.flat = Collections.unmodifiableMap(flat);
    }

    static FormParams parse(String encoded) {
        Map<String, String> flat = new LinkedHashMap<>();
        if (encoded != null && !encoded.isEmpty()) {
            int arrayIndex = 0;
            for (String pair : encoded.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                // "expand[]" repeated: give each its own index so none overwrites another.
                if (key.endsWith("[]")) {
                    key = key.substring(0, key.length() - 2) + "[" + (arrayIndex++) + "]";
                }
                flat.put(key, value);
            }
        }
        return new FormParams(flat);
    }

    static FormParams empty() {
        return new FormParams(new LinkedHashMap<>());
    }

    /** Every key and value as sent (keys decoded). */
    Map<String, String> flat() {
        return flat;
    }

    /** Order-independent form of the parameters, to compare a retried request with the first one. */
    Map<String, String> canonical() {
        return new TreeMap<>(flat);
    }

    boolean isEmpty() {
        return flat.isEmpty();
    }

    String get(String key) {
        return flat.get(key);
    }

    boolean has(String key) {
        return flat.containsKey(key);
    }

    /** The top-level names ({@code metadata} for {@code metadata[order_id]}). */
    Set<String> names() {
        Set<String> names = new java.util.LinkedHashSet<>();
        for (String key : flat.keySet()) {
            int bracket = key.indexOf('[');
            names.add(bracket < 0 ? key : key.substring(0, bracket));
        }
        return names;
    }

    /** The values of an array parameter ({@code expand[0]}, {@code expand[1]}...), in index order. */
    List<String> list(String name) {
        TreeMap<Integer, String> byIndex = new TreeMap<>();
        for (Map.Entry<String, String> e : flat.entrySet()) {
            Matcher m = INDEXED.matcher(e.getKey());
            if (m.matches() && m.group(1).equals(name) && !m.group(2).isEmpty()) {
                byIndex.put(Integer.parseInt(m.group(2)), e.getValue());
            }
        }
        return new ArrayList<>(byIndex.values());
    }

    /** The entries of a hash parameter ({@code metadata[key]=value}), one level deep. */
    Map<String, String> hash(String name) {
        Map<String, String> entries = new LinkedHashMap<>();
        String prefix = name + "[";
        for (Map.Entry<String, String> e : flat.entrySet()) {
            if (e.getKey().startsWith(prefix) && e.getKey().endsWith("]")) {
                entries.put(e.getKey().substring(prefix.length(), e.getKey().length() - 1), e.getValue());
            }
        }
        return entries;
    }

    /** Every key that is {@code name} or nested under it (full keys such as {@code transfer_data[amount]}). */
    List<String> keysUnder(String name) {
        List<String> keys = new ArrayList<>();
        for (String key : flat.keySet()) {
            if (key.equals(name) || key.startsWith(name + "[")) {
                keys.add(key);
            }
        }
        return keys;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}

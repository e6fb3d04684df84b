package io.orderhook.local;

import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code orderhook settings --method-provider kco=klarna,secretRef=demo/klarnaSecret,endpoint=eu}: one
 * payment method's provider account as the admin API's {@code providers} takes it. The admin API
 * checks the account; this only splits the words.
 */
final class MethodProvider {
    private MethodProvider() {}

    /** The method and its account, or null when the text is not {@code METHOD=PROVIDER[,name=value]...}. */
    static Map.Entry<String, Map<String, Object>> parse(String text) {
        String[] parts = text.split(",");
        String[] head = parts[0].split("=", 2);
        if (head.length != 2 || head[0].isBlank() || head[1].isBlank()) {
            return null;
        }
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("provider", head[1].trim());
        for (int i = 1; i < parts.length; i++) {
            String[] pair = parts[i].split("=", 2);
            if (pair.length != 2 || pair[0].isBlank()) {
                return null;
            }
            String name = pair[0].trim();
            String value = pair[1].trim();
            account.put(name, "testMode".equals(name) ? (Object) (value.equals("on") || value.equals("true")) : value);
        }
        return new AbstractMap.SimpleImmutableEntry<>(head[0].trim(), account);
    }
}

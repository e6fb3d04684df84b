package io.orderhook.provider.billmate;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text for Billmate fields. Billmate converts what it receives to ISO-8859-1 before it checks
 * the hash, turning every other character into "?" (Creating-hash): a title with "€" or an emoji
 * would fail the hash. So we send what Billmate will keep: HTML entities WooCommerce leaves in
 * names decoded, common typographic characters replaced by their Latin-1 look-alikes, anything
 * else outside Latin-1 as "?", control characters dropped.
 */
final class BillmateText {
    private BillmateText() {}

    private static final Pattern ENTITY = Pattern.compile("&(#[0-9]{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});");

    private static final Map<String, String> NAMED = Map.of(
            "amp", "&", "quot", "\"", "apos", "'", "lt", "<", "gt", ">", "nbsp", " ",
            "ndash", "\u2013", "mdash", "\u2014", "hellip", "\u2026", "euro", "\u20ac");

    private static final Map<Integer, String> LOOK_ALIKES = Map.of(
            0x2013, "-", 0x2014, "-", 0x2018, "'", 0x2019, "'", 0x201c, "\"", 0x201d, "\"",
            0x2026, "...", 0x20ac, "EUR", 0x2212, "-");

    static String latin1(String text, int maxLength) {
        if (text == null) {
            return "";
        }
        String decoded = decodeEntities(text);
        StringBuilder out = new StringBuilder(decoded.length());
        decoded.codePoints().forEach(cp -> {
            if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)) {
                return;
            }
            if (cp <= 0xff) {
                out.appendCodePoint(cp);
            } else {
                out.append(LOOK_ALIKES.getOrDefault(cp, "?"));
            }
        });
        String result = out.toString().trim();
        return result.length() > maxLength ? result.substring(0, maxLength) : result;
    }

    private static String decodeEntities(String text) {
        if (text.indexOf('&') < 0) {
            return text;
        }
        Matcher m = ENTITY.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String replacement;
            if (name.startsWith("#x")) {
                replacement = codePoint(Integer.parseInt(name.substring(2), 16), m.group());
            } else if (name.startsWith("#")) {
                replacement = codePoint(Integer.parseInt(name.substring(1)), m.group());
            } else {
                replacement = NAMED.getOrDefault(name, m.group());
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String codePoint(int cp, String original) {
        return Character.isValidCodePoint(cp) ? new String(Character.toChars(cp)) : original;
    }
}

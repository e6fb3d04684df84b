package io.orderhook.store;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Scrubs what must never be stored in a debug log: secrets and signatures, REST keys,
 * personal numbers, e-mail addresses, card numbers. The processor only logs fields it chose;
 * this is the second line of defence for free text such as a provider's error message.
 */
public final class LogRedaction {
    public static final String REDACTED = "[redacted]";

    private static final List<Pattern> PATTERNS = List.of(
            // "hash": "...", "secret": "...", "password": "..." and similar JSON fields
            Pattern.compile("(?i)(\"(?:hash|secret|password|consumer_key|consumer_secret|authorization|pno|personalnumber|email|phone|street|address_1|address_2)\"\\s*:\\s*)\"[^\"]*\""),
            Pattern.compile("(?i)\\b(?:Basic|Bearer)\\s+[A-Za-z0-9+/=._-]{8,}"),
            Pattern.compile("\\bc[ks]_[A-Za-z0-9]{4,}\\b"),
            // Swedish personal/organisation numbers: (YY)YYMMDD-NNNN
            Pattern.compile("\\b(?:19|20)?\\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])[-+]?\\d{4}\\b"),
            // Card numbers: 13-19 digits, possibly in groups
            Pattern.compile("\\b(?:\\d[ -]?){12,18}\\d\\b"),
            Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}"),
            // HMAC hex digests (SHA-256 and longer)
            Pattern.compile("\\b[0-9a-fA-F]{64,}\\b"));

    private LogRedaction() {}

    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = PATTERNS.get(0).matcher(text).replaceAll("$1\"" + REDACTED + "\"");
        for (Pattern pattern : PATTERNS.subList(1, PATTERNS.size())) {
            out = pattern.matcher(out).replaceAll(REDACTED);
        }
        return out;
    }
}

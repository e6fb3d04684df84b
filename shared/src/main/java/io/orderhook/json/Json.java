package io.orderhook.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The one Jackson configuration orderhook uses. An {@link ObjectMapper} is expensive to build
 * and thread-safe once configured, so every class shares this one (built during Lambda init).
 */
public final class Json {
    /** Shop payloads grow fields with every WooCommerce release: unknown fields are normal. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private Json() {}

    public static JsonFactory factory() {
        return MAPPER.getFactory();
    }

    /** Writes a value as compact JSON text; for our own records and maps, which always serialise. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName() + " as JSON: " + e.getOriginalMessage(), e);
        }
    }
}

package io.orderhook.provider.klarna;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.orderhook.json.Json;

/**
 * Klarna's error body {@code {error_code, error_messages, correlation_id}}. A gateway's error
 * page has none, so every HTTP status is handled without one as well.
 */
record KlarnaError(String code, List<String> messages, String correlationId) {

    static Optional<KlarnaError> parse(String body) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
        if (json == null || !json.path("error_code").isTextual()) {
            return Optional.empty();
        }
        List<String> messages = new ArrayList<>();
        json.path("error_messages").forEach(m -> messages.add(m.asText()));
        return Optional.of(new KlarnaError(json.path("error_code").asText(), messages,
                json.path("correlation_id").asText("")));
    }

    /** Klarna's words with the correlation id its support asks for. */
    String said() {
        String words = messages.isEmpty() ? code : String.join(" ", messages);
        return correlationId.isEmpty() ? words : words + " (Klarna correlation id " + correlationId + ")";
    }
}

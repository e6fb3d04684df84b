package io.orderhook.credit;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

import io.orderhook.json.Json;
import io.orderhook.order.Money;

/**
 * Customers' credit accounts in Sage Business Cloud Accounting (API v3.1): the customer contact
 * found by billing e-mail ({@code GET /contacts?contact_type_id=CUSTOMER&email=...}), then the
 * contact with its balance ({@code GET /contacts/{id}?show_balance=true}) for {@code credit_limit}
 * and {@code balance}. Every call carries the OAuth 2.0 access token as a bearer token, read
 * through the secret resolver at each lookup so a renewed token counts at once. Sage's v3.1
 * contact has no hold flag, so a hold comes from the shop's account book.
 */
public final class SageAccounts implements CreditAccounts {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final URI endpoint;
    private final Supplier<String> token;
    private final String businessId;
    private final CreditSettings settings;
    private final HttpClient http;

    /**
     * @param token the access token, resolved on each lookup; a failure to resolve is a lookup error
     */
    public SageAccounts(CreditSettings settings, Supplier<String> token, HttpClient http) {
        String base = settings.sage().endpoint();
        this.endpoint = URI.create(base.endsWith("/") ? base : base + "/");
        this.token = token;
        this.businessId = settings.sage().businessId();
        this.settings = settings;
        this.http = http;
    }

    @Override
    public Lookup lookup(String email) {
        if (email == null || email.isBlank()) {
            return new Lookup.NoAccount("the order has no billing e-mail to find the customer by");
        }
        String bearer;
        try {
            bearer = token.get();
        } catch (RuntimeException e) {
            return new Lookup.Failed("the Sage access token could not be read: " + e.getMessage());
        }
        Answer found = get("contacts?contact_type_id=CUSTOMER&email=" + URLEncoder.encode(email, StandardCharsets.UTF_8),
                bearer);
        if (found.failure() != null) {
            return new Lookup.Failed(found.failure());
        }
        JsonNode items = found.json().path("$items");
        if (!items.isArray() || items.isEmpty()) {
            return new Lookup.NoAccount("Sage has no customer contact with the order's billing e-mail");
        }
        String id = items.get(0).path("id").asText("");
        if (id.isEmpty()) {
            return new Lookup.Failed("Sage listed a contact without an id");
        }
        Answer contact = get("contacts/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "?show_balance=true", bearer);
        if (contact.status() == 404) {
            return new Lookup.NoAccount("the Sage contact " + id + " is gone");
        }
        if (contact.failure() != null) {
            return new Lookup.Failed(contact.failure());
        }
        return account(contact.json(), email);
    }

    private Lookup account(JsonNode c, String email) {
        if (c.path("deleted_at").isTextual() || c.path("gdpr_obfuscated").asBoolean(false)) {
            return new Lookup.NoAccount("the Sage contact is deleted or anonymised");
        }
        JsonNode limitNode = c.path("credit_limit");
        String currency = c.path("currency").path("id").asText(null);
        int decimals = Money.decimals(currency);
        if (!limitNode.isNumber() || limitNode.decimalValue().signum() <= 0) {
            return new Lookup.NoAccount("the Sage contact has no credit limit set");
        }
        JsonNode balanceNode = c.path("balance");
        if (!balanceNode.isNumber()) {
            return new Lookup.Failed("Sage gave the contact without its balance");
        }
        long limit = Money.parse(limitNode.decimalValue().toPlainString(), decimals);
        long balance = Money.parse(balanceNode.decimalValue().toPlainString(), decimals);
        CreditSettings.BookAccount book = settings.bookAccount(email);
        return new Lookup.Found(new Account("sage", c.path("reference").asText(""), limit, balance,
                book != null && book.onHold(), currency));
    }

    /** One GET; a failure is a sentence for the merchant, never the token or the customer's data. */
    private Answer get(String path, String bearer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.resolve(path)).timeout(TIMEOUT).GET()
                .header("Authorization", "Bearer " + bearer).header("Accept", "application/json");
        if (businessId != null && !businessId.isBlank()) {
            request.header("X-Business", businessId);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return new Answer(0, null, "Sage could not be reached: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, null, "interrupted while asking Sage");
        }
        int status = response.statusCode();
        if (status == 200) {
            try {
                return new Answer(status, Json.MAPPER.readTree(response.body()), null);
            } catch (IOException e) {
                return new Answer(status, null, "Sage answered with a body that is not JSON");
            }
        }
        String reason = switch (status) {
            case 401 -> "Sage refused the access token (401): it is wrong or expired; store a fresh token under the"
                    + " shop's credit.sage.tokenRef";
            case 403 -> "Sage refused access (403): the token's scope or business does not allow reading contacts";
            case 429 -> "Sage is rate limiting (429)";
            default -> "Sage answered " + status + message(response.body());
        };
        return new Answer(status, null, reason);
    }

    /** Sage's errors are a list of {@code {"$severity", "$dataCode", "$message", "$source"}}. */
    private static String message(String body) {
        try {
            JsonNode errors = Json.MAPPER.readTree(body);
            JsonNode first = errors.isArray() && !errors.isEmpty() ? errors.get(0) : errors;
            String code = first.path("$dataCode").asText("");
            String text = first.path("$message").asText("");
            return code.isEmpty() && text.isEmpty() ? "" : ": " + code + " " + text;
        } catch (IOException e) {
            return "";
        }
    }

    private record Answer(int status, JsonNode json, String failure) {}
}

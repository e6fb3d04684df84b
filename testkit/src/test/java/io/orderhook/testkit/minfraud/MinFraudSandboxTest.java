package io.orderhook.testkit.minfraud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The minFraud sandbox refuses and warns as minFraud's API documentation says, over real HTTP. */
class MinFraudSandboxTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BODY = "{\"device\":{\"ip_address\":\"81.2.69.160\"},\"order\":{\"amount\":250.00,\"currency\":\"SEK\"}}";
    private final MinFraudSandbox sandbox = MinFraudSandbox.start().account("42", "licence-key");
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void close() {
        sandbox.close();
    }

    static Stream<Arguments> credentials() {
        return Stream.of(
                Arguments.of(null, "ACCOUNT_ID_REQUIRED"),
                Arguments.of(":licence-key", "ACCOUNT_ID_REQUIRED"),
                Arguments.of("42:", "LICENSE_KEY_REQUIRED"),
                Arguments.of("42:wrong", "AUTHORIZATION_INVALID"),
                Arguments.of("43:licence-key", "AUTHORIZATION_INVALID"));
    }

    @ParameterizedTest(name = "{0} is 401 {1}")
    @MethodSource("credentials")
    void wrongOrMissingCredentialsAre401WithMinFrauds(String userColonKey, String code) throws Exception {
        HttpResponse<String> answer = post("/minfraud/v2.0/score", userColonKey, "application/json", BODY);

        assertEquals(401, answer.statusCode());
        assertEquals(code, JSON.readTree(answer.body()).path("code").asText());
        assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("application/vnd.maxmind.com-error+json"));
    }

    @Test
    void aScoreCarriesTheRiskOfTheIpAndNoWarningsForKnownInput() throws Exception {
        sandbox.scoreIp("81.2.69.160", 87.5);

        HttpResponse<String> answer = post("/minfraud/v2.0/factors", "42:licence-key", "application/json", BODY);

        assertEquals(200, answer.statusCode(), answer.body());
        JsonNode body = JSON.readTree(answer.body());
        assertEquals(87.5, body.path("risk_score").asDouble());
        assertEquals(87.5, body.path("ip_address").path("risk").asDouble());
        assertTrue(body.path("subscores").isObject());
        assertTrue(body.path("warnings").isMissingNode(), answer.body());
    }

    @Test
    void unknownAndInvalidInputIsScoredWithoutItAndNamedInTheWarnings() throws Exception {
        HttpResponse<String> answer = post("/minfraud/v2.0/score", "42:licence-key", "application/json",
                "{\"device\":{\"ip_address\":\"81.2.69.160\"},\"order\":{\"currency\":\"kronor\",\"foo\":1},"
                        + "\"email\":{\"address\":\"not-an-address\"},\"loyalty\":{}}");

        assertEquals(200, answer.statusCode(), answer.body());
        JsonNode warnings = JSON.readTree(answer.body()).path("warnings");
        assertEquals("[INPUT_INVALID /order/currency, INPUT_UNKNOWN /order/foo, INPUT_INVALID /email/address,"
                + " INPUT_UNKNOWN /loyalty]", codes(warnings));
    }

    @Test
    void anAddressHashedAsMinFraudAllowsIsTaken() throws Exception {
        HttpResponse<String> answer = post("/minfraud/v2.0/score", "42:licence-key", "application/json",
                "{\"email\":{\"address\":\"977577b140bfb7c516e4746204fbdb01\",\"domain\":\"example.com\"}}");

        assertEquals(200, answer.statusCode(), answer.body());
        assertTrue(JSON.readTree(answer.body()).path("warnings").isMissingNode(), answer.body());
    }

    @Test
    void badBodiesAreRefusedWithTheDocumentedStatus() throws Exception {
        assertEquals("JSON_INVALID", JSON.readTree(post("/minfraud/v2.0/score", "42:licence-key", "application/json", "{oops")
                .body()).path("code").asText());
        HttpResponse<String> nothingUsable = post("/minfraud/v2.0/score", "42:licence-key", "application/json", "{\"x\":{}}");
        assertEquals(400, nothingUsable.statusCode());
        assertEquals("REQUEST_INVALID", JSON.readTree(nothingUsable.body()).path("code").asText());
        assertEquals(415, post("/minfraud/v2.0/score", "42:licence-key", "text/plain", BODY).statusCode());
        HttpResponse<String> tooLarge = post("/minfraud/v2.0/score", "42:licence-key", "application/json",
                "{\"device\":{\"user_agent\":\"" + "x".repeat(MinFraudSandbox.MAX_BODY) + "\"}}");
        assertEquals(403, tooLarge.statusCode());
        assertEquals("", tooLarge.body());
        assertEquals(404, post("/minfraud/v2.0/chargeback", "42:licence-key", "application/json", BODY).statusCode());
    }

    @Test
    void anAccountOutOfQueriesIs402InsufficientFundsAndAFaultIsABareServerError() throws Exception {
        sandbox.inject("score", 1, MinFraudFault.serverError(503));
        HttpResponse<String> down = post("/minfraud/v2.0/score", "42:licence-key", "application/json", BODY);
        assertEquals(503, down.statusCode());
        assertEquals("", down.body());

        sandbox.queriesRemaining(0);
        HttpResponse<String> broke = post("/minfraud/v2.0/score", "42:licence-key", "application/json", BODY);
        assertEquals(402, broke.statusCode());
        assertEquals("INSUFFICIENT_FUNDS", JSON.readTree(broke.body()).path("code").asText());
    }

    private static String codes(JsonNode warnings) {
        StringBuilder out = new StringBuilder("[");
        warnings.forEach(w -> out.append(out.length() > 1 ? ", " : "").append(w.path("code").asText()).append(' ')
                .append(w.path("input_pointer").asText()));
        return out.append(']').toString();
    }

    private HttpResponse<String> post(String path, String userColonKey, String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.endpoint() + path))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        if (userColonKey != null) {
            request.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(userColonKey.getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}

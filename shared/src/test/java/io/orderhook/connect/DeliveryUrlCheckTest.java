package io.orderhook.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** WordPress's wp_http_validate_url, as it decides where WooCommerce may deliver webhooks. */
class DeliveryUrlCheckTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("an https URL on the default port", "https://abc.execute-api.eu-north-1.amazonaws.com/webhooks/woocommerce/s",
                        "https://shop.example", List.of()),
                Arguments.of("port 8080", "https://hooks.example:8080/w", "https://shop.example", List.of()),
                Arguments.of("port 3000 elsewhere", "https://hooks.example:3000/w", "https://shop.example", List.of("ports 80, 443 and 8080")),
                Arguments.of("the site's own host and port", "http://127.0.0.1:3000/w", "http://127.0.0.1:3000/shop", List.of()),
                Arguments.of("loopback under another name than the site's", "http://127.0.0.1:8080/w", "http://localhost:8080",
                        List.of("http_request_host_is_external")),
                Arguments.of("a private address", "http://192.168.1.20/w", "https://shop.example", List.of("http_request_host_is_external")),
                Arguments.of("172.16/12 but not 172.32", "http://172.31.0.5/w", "https://shop.example", List.of("http_request_host_is_external")),
                Arguments.of("plain http across the internet", "http://hooks.example/w", "https://shop.example", List.of("plain http")),
                Arguments.of("an IPv6 literal", "http://[::1]:8080/w", "http://[::1]:8080", List.of("IPv6")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void wordpressRefusesWhatItsUrlValidationRefuses(String name, String delivery, String shop, List<String> expected) {
        List<String> problems = DeliveryUrlCheck.problems(URI.create(delivery), URI.create(shop));

        assertEquals(expected.size(), problems.size(), problems.toString());
        for (int i = 0; i < expected.size(); i++) {
            assertTrue(problems.get(i).contains(expected.get(i)), problems.get(i));
        }
    }
}

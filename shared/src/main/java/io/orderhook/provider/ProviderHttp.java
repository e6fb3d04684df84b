package io.orderhook.provider;

import java.net.http.HttpClient;
import java.time.Duration;

/**
 * The JDK HTTP client that the providers without an SDK (Billmate, Klarna) speak through. Only the
 * connect timeout is the client's; how long to wait for an answer is set on each request
 * ({@link CallOptions#readTimeout()}).
 */
public final class ProviderHttp {
    private ProviderHttp() {}

    /** An HTTP/1.1 client with the given connect timeout that never follows redirects. */
    public static HttpClient client(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }
}

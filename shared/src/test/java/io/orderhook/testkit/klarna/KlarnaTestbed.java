package io.orderhook.testkit.klarna;

import io.orderhook.provider.klarna.KlarnaCredentials;
import io.orderhook.provider.klarna.KlarnaProvider;

/** A started Klarna sandbox with one merchant, orderhook's client and the customer's checkout for it. */
final class KlarnaTestbed implements AutoCloseable {
    final KlarnaSandbox sandbox;
    final KlarnaProvider klarna;
    final KlarnaCheckout checkout;

    KlarnaTestbed(String username, String password) {
        sandbox = KlarnaSandbox.start().merchant(username, password);
        klarna = new KlarnaProvider(sandbox.baseUrl(), new KlarnaCredentials(username, password),
                KlarnaProvider.httpClient());
        checkout = new KlarnaCheckout(sandbox.baseUrl(), username, password);
    }

    @Override
    public void close() {
        sandbox.close();
    }
}

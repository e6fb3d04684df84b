package io.orderhook.local;

import java.net.URI;

import picocli.CommandLine.Option;

/** {@code --url}: where the commands that talk to the running local stack find it. */
final class StackUrl {
    @Option(names = "--url", paramLabel = "URL", defaultValue = OrderhookCli.DEFAULT_URL,
            description = {"Where the running local stack answers.", "Default: ${DEFAULT-VALUE}"})
    URI url;
}

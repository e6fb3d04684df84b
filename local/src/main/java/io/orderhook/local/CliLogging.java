package io.orderhook.local;

import java.util.logging.Level;
import java.util.logging.Logger;

import picocli.CommandLine.Option;

/**
 * Keeps what the libraries under local mode log out of a command's output unless {@code --verbose}
 * asks for it, and on stderr either way (stdout carries a command's result). The AWS SDK and Jetty
 * (under DynamoDB Local) log through SLF4J, bound to slf4j-simple ({@code simplelogger.properties});
 * DynamoDB Local through log4j 2, whose own configuration writes to stdout
 * ({@code orderhook-log4j2.xml} replaces it); sqlite4java through java.util.logging.
 */
final class CliLogging {
    /** Held, because java.util.logging keeps loggers weakly and would forget the level set on one. */
    private static final Logger SQLITE = Logger.getLogger("com.almworks.sqlite4java");

    private CliLogging() {}

    /** {@code --verbose}, for the commands that start DynamoDB Local. Call {@link #apply()} before anything logs. */
    static final class Verbose {
        @Option(names = "--verbose", description = "Also show what DynamoDB Local, Jetty, the AWS SDK and sqlite4java log "
                + "(on stderr; without it only their errors, and the SDK's and Jetty's warnings).")
        boolean verbose;

        void apply() {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "warn");
            System.setProperty("log4j2.configurationFile", "orderhook-log4j2.xml");
            System.setProperty("orderhook.log4j.level", verbose ? "info" : "error");
            // sqlite4java warns "unknown jar version" when the jar's manifest has no Implementation-Version.
            SQLITE.setLevel(verbose ? Level.INFO : Level.SEVERE);
        }
    }
}

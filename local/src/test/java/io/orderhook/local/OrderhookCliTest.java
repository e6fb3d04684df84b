package io.orderhook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The command line itself: help, usage errors and exit codes, without a running stack. */
class OrderhookCliTest {
    private static final List<String> COMMANDS = List.of("local", "invoke", "settings", "orders", "retry-due", "quarantine",
            "connect", "disconnect", "demo", "capture", "bulk");

    private static LocalStackSteps.CliRun cli(String... args) {
        return LocalStackSteps.orderhook(args);
    }

    @Test
    void helpListsEveryCommandOnStdoutAndExitsZero() {
        for (LocalStackSteps.CliRun help : List.of(cli("--help"), cli("help"), cli())) {
            assertEquals(0, help.status(), help.err());
            for (String command : COMMANDS) {
                assertTrue(help.out().contains("  " + command + " "), command + " in\n" + help.out());
            }
            assertEquals("", help.err());
        }
    }

    @Test
    void aCommandsHelpListsItsOptionsWithTheirDefaults() {
        LocalStackSteps.CliRun help = cli("settings", "--help");

        assertEquals(0, help.status(), help.err());
        assertTrue(help.out().startsWith("Usage: orderhook settings "), help.out());
        for (String option : List.of("--enabled=on|off", "--debug-log=on|off", "--capture-status=S", "--failure-status=S",
                "--payment-methods=a,b", "--url=URL", "Default: http://127.0.0.1:3000")) {
            assertTrue(help.out().contains(option), option + " in\n" + help.out());
        }
        assertTrue(cli("help", "local").out().contains("--port=N"), "orderhook help <command> is the command's help");
        assertTrue(cli("local", "--help").out().contains("The port to listen on (default: 3000)"), cli("local", "--help").out());
    }

    @Test
    void anUnknownOptionIsAUsageErrorThatSuggestsTheNearestAndListsTheValidOnes() {
        LocalStackSteps.CliRun run = cli("settings", "demo", "--debuglog", "on");

        assertEquals(2, run.status());
        assertEquals("", run.out());
        assertTrue(run.err().startsWith("orderhook settings: Unknown options: '--debuglog', 'on'"), run.err());
        assertTrue(run.err().contains("Possible solutions: --debug-log"), run.err());
        for (String option : List.of("--enabled", "--capture-status", "--failure-status", "--payment-methods", "--url")) {
            assertTrue(run.err().contains(option), option + " listed in\n" + run.err());
        }
    }

    @Test
    void anUnknownCommandIsAUsageErrorThatListsTheCommands() {
        LocalStackSteps.CliRun run = cli("sttings", "demo");

        assertEquals(2, run.status());
        assertTrue(run.err().startsWith("orderhook: Unmatched argument at index 0: 'sttings'"), run.err());
        assertTrue(run.err().contains("Did you mean: orderhook settings"), run.err());
        assertTrue(run.err().contains("Usage: orderhook [-hV] <command>"), run.err());
    }

    @Test
    void missingArgumentsAndBadValuesAreUsageErrorsThatSayWhich() {
        LocalStackSteps.CliRun noOrder = cli("orders", "demo");
        LocalStackSteps.CliRun notOnOff = cli("settings", "demo", "--enabled", "maybe");
        LocalStackSteps.CliRun noPort = cli("local", "--port", "three-thousand");
        LocalStackSteps.CliRun noEvent = cli("invoke", "WebhookReceiverFunction");
        LocalStackSteps.CliRun halfBillmate = cli("connect", "myshop", "--url", "https://myshop.example", "--key", "ck_1", "--secret", "cs_1",
                "--billmate-id", "1234");
        LocalStackSteps.CliRun noAction = cli("quarantine", "demo");

        assertEquals(2, noOrder.status());
        assertTrue(noOrder.err().startsWith("orderhook orders: Missing required parameter: '<orderId>'"), noOrder.err());
        assertEquals(2, notOnOff.status());
        assertTrue(notOnOff.err().contains("'--enabled'") && notOnOff.err().contains("takes on or off, not 'maybe'"), notOnOff.err());
        assertEquals(2, noPort.status());
        assertTrue(noPort.err().contains("'--port'") && noPort.err().contains("'three-thousand' is not an int"), noPort.err());
        assertEquals(2, noEvent.status());
        assertTrue(noEvent.err().contains("Missing required option: '--event=FILE'"), noEvent.err());
        assertEquals(2, halfBillmate.status());
        assertTrue(halfBillmate.err().startsWith("orderhook connect: give both --billmate-id and --billmate-secret"), halfBillmate.err());
        assertEquals(2, noAction.status());
        assertTrue(noAction.err().contains("orderhook quarantine") && noAction.err().contains("list")
                && noAction.err().contains("replay"), noAction.err());
    }

    @Test
    void aBulkCommandWithoutOneWayOfNamingTheOrdersIsAUsageError() {
        LocalStackSteps.CliRun none = cli("bulk", "capture", "demo");
        LocalStackSteps.CliRun two = cli("bulk", "capture", "demo", "--orders", "1,2", "--status", "shipped");
        LocalStackSteps.CliRun action = cli("bulk", "ship", "demo", "--orders", "1");
        LocalStackSteps.CliRun date = cli("bulk", "capture", "demo", "--status", "shipped", "--modified-after", "monday");
        LocalStackSteps.CliRun noOrder = cli("capture", "demo");

        for (LocalStackSteps.CliRun run : List.of(none, two)) {
            assertEquals(2, run.status());
            assertTrue(run.err().startsWith("orderhook bulk: name the orders with exactly one of --orders, --file or --status"),
                    run.err());
        }
        assertEquals(2, action.status());
        assertTrue(action.err().startsWith("orderhook bulk: the action is capture, cancel or retry, not 'ship'"), action.err());
        assertEquals(2, date.status());
        assertTrue(date.err().contains("--modified-after takes a UTC date or time"), date.err());
        assertEquals(2, noOrder.status());
        assertTrue(noOrder.err().contains("Missing required parameter: '<orderId>'"), noOrder.err());
    }

    @Test
    void aStackThatDoesNotAnswerFailsTheCommandWithExitOneAndSaysHowToStartIt() throws IOException {
        String nowhere;
        try (ServerSocket socket = new ServerSocket(0)) {
            nowhere = "http://127.0.0.1:" + socket.getLocalPort();
        }

        LocalStackSteps.CliRun orders = cli("orders", "demo", "1234", "--url", nowhere);
        LocalStackSteps.CliRun demo = cli("demo", "--url", nowhere);

        assertEquals(1, orders.status());
        assertTrue(orders.err().startsWith("orderhook orders: nothing answers at " + nowhere
                + ": start the local stack first with ./orderhook local"), orders.err());
        assertEquals(1, demo.status());
        assertTrue(demo.err().contains("nothing answers at " + nowhere), demo.err());
        assertFalse(orders.err().contains("Usage:"), "not a usage error");
    }

    @Test
    void anInvokeOfAFunctionTheTemplateDoesNotHaveIsAUsageErrorNamingIt() {
        LocalStackSteps.CliRun run = cli("invoke", "NoSuchFunction", "--event", "events/ping.json", "--url", "http://127.0.0.1:9");

        assertEquals(2, run.status(), run.err());
        assertTrue(run.err().contains("NoSuchFunction"), run.err());
    }

    @Test
    void versionNamesTheCommand() {
        LocalStackSteps.CliRun run = cli("--version");

        assertEquals(0, run.status());
        assertTrue(run.out().startsWith("orderhook "), run.out());
    }
}

package io.orderhook.local;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code orderhook} command: picocli parses the arguments and one class per subcommand does
 * the work. Exit status 0 when the command did what it was asked, 1 when it could not (nothing
 * answers at the stack's URL, the shop or the admin API refused, a demo procedure missed its
 * note), 2 for a usage error (what was wrong, then the command's usage with its options).
 */
@Command(name = "orderhook", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true, versionProvider = OrderhookCli.Version.class,
        usageHelpAutoWidth = true, synopsisSubcommandLabel = "<command>",
        description = {"orderhook on this machine: the whole backend in one JVM (local), one function of template.yaml on an "
                + "event file (invoke), and commands for the running local stack."})
public final class OrderhookCli implements Callable<Integer> {
    static final String DEFAULT_URL = "http://127.0.0.1:3000";

    private final Terminal terminal;
    private final LocalCommand local;
    @Spec
    private CommandLine.Model.CommandSpec spec;

    /** Writes to these streams; never a live progress line (for tests and other non-terminal callers). */
    OrderhookCli(PrintStream out, PrintStream err) {
        this(Terminal.plain(out, err));
    }

    private OrderhookCli(Terminal terminal) {
        this.terminal = terminal;
        this.local = new LocalCommand(terminal);
    }

    public static void main(String[] args) throws InterruptedException {
        OrderhookCli cli = new OrderhookCli(Terminal.system());
        int status = cli.run(args);
        if (status == 0 && cli.started() != null) {
            // Serve until Ctrl-C; the shutdown hook stops the stack.
            Thread.currentThread().join();
        }
        System.exit(status);
    }

    /** Runs a command; answers the exit status. {@code local} returns once the stack is up. */
    int run(String... args) {
        CommandLine commandLine = new CommandLine(this)
                .addSubcommand(local)
                .addSubcommand(new InvokeCommand(terminal))
                .addSubcommand(new SettingsCommand(terminal))
                .addSubcommand(new OrdersCommand(terminal))
                .addSubcommand(new RetryDueCommand(terminal))
                .addSubcommand(new QuarantineCommand(terminal))
                .addSubcommand(new SweepCommand(terminal))
                .addSubcommand(new StatusCommand(terminal))
                .addSubcommand(new FailedCommand(terminal))
                .addSubcommand(new ConnectCommand(terminal))
                .addSubcommand(new DisconnectCommand(terminal))
                .addSubcommand(new DemoCommand(terminal))
                .addSubcommand(new CaptureCommand(terminal))
                .addSubcommand(new BulkCommand(terminal))
                .addSubcommand(new ExpiringCommand(terminal))
                .addSubcommand(new FraudCommand(terminal))
                .addSubcommand(new DeleteCommand(terminal))
                .addSubcommand(new CommandLine.HelpCommand());
        // Set after the subcommands are added, which would inherit it.
        commandLine.getCommandSpec().usageMessage().footer("", "orderhook <command> --help shows a command's options.");
        commandLine.setOut(new PrintWriter(terminal.out(), true));
        commandLine.setErr(new PrintWriter(terminal.err(), true));
        commandLine.setParameterExceptionHandler(OrderhookCli::usageError);
        commandLine.setExecutionExceptionHandler(OrderhookCli::failed);
        return commandLine.execute(args);
    }

    /** Without a command: the list of commands. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCode.OK;
    }

    /** The stack {@code local} started (for tests that run the command in-process). */
    LocalBackend started() {
        return local.started();
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(command.getCommandSpec().qualifiedName() + ": " + e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, err);
        err.println();
        command.usage(err);
        return ExitCode.USAGE;
    }

    /**
     * What a command could not do, in one line. An argument that turned out wrong only when it
     * was used (an event file that is not there, a function the template does not have) is a
     * usage error; anything unexpected keeps its stack trace.
     */
    private static int failed(Exception e, CommandLine command, ParseResult parsed) throws Exception {
        String name = command.getCommandSpec().qualifiedName();
        if (e instanceof IllegalArgumentException) {
            command.getErr().println(name + ": " + e.getMessage());
            command.getErr().println("(" + name + " --help shows its options)");
            return ExitCode.USAGE;
        }
        if (e instanceof LocalHttp.NotRunning || e instanceof IllegalStateException) {
            command.getErr().println(name + ": " + e.getMessage());
            return ExitCode.SOFTWARE;
        }
        throw e;
    }

    /** The version the CLI jar's manifest carries. */
    public static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = OrderhookCli.class.getPackage().getImplementationVersion();
            return new String[] {"orderhook " + (version == null ? "(built from source, no jar)" : version)};
        }
    }
}

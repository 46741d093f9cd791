package dev.sluice.driver.cli;

import dev.sluice.driver.bench.BenchCommand;
import dev.sluice.executor.server.ExecutorMain;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code bin/sluice}: {@code sql -f job.sql [...]} runs a job; {@code executor --driver host:port} starts an
 * executor. Exit code 0 only when the job finished cleanly (stopped by SIGINT/SIGTERM included).
 */
@Command(name = "sluice", mixinStandardHelpOptions = true, version = "sluice 0.1.0",
        description = "A micro-batch structured-streaming engine.",
        subcommands = {SqlCommand.class, BenchCommand.class})
public final class SluiceCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] arguments) {
        System.exit(run(arguments, System.out, System.err));
    }

    /** Runs a command line; returns the exit code. */
    public static int run(String[] arguments, PrintStream out, PrintStream err) {
        long startMs = System.currentTimeMillis();
        if (arguments.length > 0 && arguments[0].equals("executor")) {
            return ExecutorMain.run(Arrays.copyOfRange(arguments, 1, arguments.length), err);
        }
        SqlCommand.Factory commands = new SqlCommand.Factory(out, err);
        CommandLine commandLine = new CommandLine(new SluiceCli(), new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                return type == BenchCommand.class ? type.cast(new BenchCommand(out, startMs)) : commands.create(type);
            }
        });
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setParameterExceptionHandler((exception, args) -> {
            err.println("sluice: " + exception.getMessage());
            err.println("run 'bin/sluice " + (exception.getCommandLine().getCommandName().equals("sluice") ? ""
                    : exception.getCommandLine().getCommandName() + " ") + "--help' for the options");
            return 2;
        });
        commandLine.setExecutionExceptionHandler((exception, line, parsed) -> {
            err.println("sluice: " + ErrorMessages.describe(exception));
            return exception instanceof IllegalArgumentException ? 2 : 1;
        });
        return commandLine.execute(arguments);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
        spec.commandLine().getOut().println("\nCommands:\n  sql        runs the job a SQL file defines\n"
                + "  executor   starts an executor (bin/sluice executor --driver host:port)\n"
                + "  bench      runs one benchmark workload, prints one JSON line (bin/sluice bench --help)");
    }
}

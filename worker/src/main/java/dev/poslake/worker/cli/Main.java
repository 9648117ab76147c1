package dev.poslake.worker.cli;

import dev.poslake.config.ConfigException;
import dev.poslake.embedded.StackBusyException;
import dev.poslake.worker.ProcessCommand;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code pos} command line. Exit codes: 0 success, 1 failure, 2 bad usage. */
@Command(name = "pos", mixinStandardHelpOptions = true, version = "poslake 0.1.0",
    description = "POS inventory lakehouse: Kafka -> Iceberg bronze/silver/gold, orchestrated by Temporal.",
    subcommands = {UpCommand.class, GenerateCommand.class, ReplayCommand.class, PublishCommand.class,
        TableCommand.class, EtlCommand.class, VerifyCommand.class, BenchCommand.class, OpsCommand.class,
        WorkerCommand.class, RebuildCommand.class, ReprocessRejectsCommand.class, CommandLine.HelpCommand.class})
public final class Main {
  public static final int FAILURE = 1;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  public static int run(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionStrategy(parsed -> {
      // e.g. "pos etl": named as the owner of an embedded stack this process starts
      List<CommandLine> chain = parsed.asCommandLineList();
      ProcessCommand.set(chain.get(chain.size() - 1).getCommandSpec().qualifiedName());
      return new CommandLine.RunLast().execute(parsed);
    });
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      cmd.getErr().println("error: " + oneLine(e));
      if (System.getenv("POS_DEBUG") != null) e.printStackTrace(cmd.getErr());
      return FAILURE;
    });
    return cli.execute(args);
  }

  /** The most useful single line of a failure: config errors as they are, others with their root cause. */
  static String oneLine(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof ConfigException || c instanceof UserError || c instanceof StackBusyException) {
        return c.getMessage();
      }
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    String msg = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return root == e ? msg : e.getClass().getSimpleName() + ": " + msg;
  }
}

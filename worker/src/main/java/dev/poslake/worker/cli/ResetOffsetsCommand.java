package dev.poslake.worker.cli;

import dev.poslake.activities.etl.bronze.BronzeOffsetActions;
import dev.poslake.ops.runs.OpsAudit;
import dev.poslake.worker.PosRuntime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "reset-offsets", mixinStandardHelpOptions = true,
    description = "Point bronze's committed Kafka offsets at the topic as it is now (after it was deleted and "
        + "recreated, the ETL stops: its offsets belong to the old topic). Pause the ETL first. Recorded in bronze's "
        + "commit and in the run log.")
final class ResetOffsetsCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--to", paramLabel = "WHERE", required = true,
      description = "earliest (read everything the topic holds now) or latest (only what is published next).")
  String to;

  @Option(names = "--note", paramLabel = "TEXT", required = true,
      description = "Why (recorded with your user@host).")
  String note;

  @Override
  public Integer call() throws Exception {
    BronzeOffsetActions.ResetTo where;
    try {
      where = BronzeOffsetActions.ResetTo.valueOf(to.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
          "--to must be earliest or latest");
    }
    long started = System.currentTimeMillis();
    try (PosRuntime runtime = PosRuntime.start(common.load(), false)) {
      String by = Operator.current();
      List<BronzeOffsetActions.Moved> moved = new BronzeOffsetActions(runtime.resources()).reset(where, by, note);
      Map<String, long[]> offsets = new TreeMap<>();
      moved.forEach(m -> offsets.put(String.valueOf(m.partition()), new long[] {m.from(), m.to()}));
      OpsAudit.record(runtime.resources(), "reset-offsets-" + where.name().toLowerCase(java.util.Locale.ROOT),
          started, by, note, offsets, null);
      moved.forEach(m -> System.out.println("partition " + m.partition() + ": " + m.from() + " -> " + m.to()));
      System.out.println("bronze offsets of " + runtime.resources().topic() + " reset to " + to + " by " + by
          + "; resume the ETL with `pos ops resume etl`");
    }
    return 0;
  }
}

package dev.poslake.worker.cli;

import dev.poslake.activities.etl.bronze.BronzeOffsetActions;
import dev.poslake.activities.etl.bronze.LostRange;
import dev.poslake.ops.runs.OpsAudit;
import dev.poslake.worker.PosRuntime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "acknowledge-loss", mixinStandardHelpOptions = true,
    description = "After Kafka retention deleted offsets bronze had not read (the ETL stops with DATA LOSS): skip "
        + "them, so the ETL continues from the log start. Recorded in bronze's commit and in the run log "
        + "(lost_offsets, note), counted in /metrics and shown in `pos ops status` and the ops page.")
final class AcknowledgeLossCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--note", paramLabel = "TEXT", required = true,
      description = "Why the loss is accepted (recorded with your user@host).")
  String note;

  @Override
  public Integer call() throws Exception {
    long started = System.currentTimeMillis();
    try (PosRuntime runtime = PosRuntime.start(common.load(), false)) {
      String by = Operator.current();
      List<LostRange> lost = new BronzeOffsetActions(runtime.resources()).acknowledgeLoss(by, note);
      if (lost.isEmpty()) {
        System.out.println("no Kafka offsets lost: nothing to acknowledge");
        return 0;
      }
      Map<String, long[]> offsets = new TreeMap<>();
      lost.forEach(r -> offsets.put(String.valueOf(r.partition()), new long[] {r.from(), r.to()}));
      long total = lost.stream().mapToLong(LostRange::size).sum();
      OpsAudit.record(runtime.resources(), "acknowledge-loss", started, by, note, offsets, total);
      lost.forEach(r -> System.out.println("lost and skipped: " + runtime.resources().topic() + " " + r));
      System.out.println(total + " offsets acknowledged as lost by " + by + "; the next ETL run continues from the "
          + "log start");
    }
    return 0;
  }
}

package dev.poslake.worker.cli;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.etl.PipelineLag;
import dev.poslake.activities.etl.gold.GoldVerifier;
import dev.poslake.activities.etl.gold.TruthSource;
import dev.poslake.activities.generator.GeneratorState;
import dev.poslake.activities.generator.GroundTruth;
import dev.poslake.activities.etl.gold.VerifyReport;
import dev.poslake.activities.verify.GeneratorTruthCheck;
import dev.poslake.worker.PosRuntime;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Recompute gold from silver in full and compare it with current_inventory, and with the "
        + "generator's true stock; print the mismatches; exit 1 if there are any.")
public final class VerifyCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--no-truth", description = "Skip the comparison with the generator's true stock "
      + "(e.g. after replaying files the generator did not make).")
  boolean noTruth;

  @Option(names = "--examples", defaultValue = "20", description = "Mismatches to list (default 20).")
  int examples;

  private VerifyReport withoutTruth(PipelineResources res) {
    return new GoldVerifier(res, m -> { }).maxExamples(examples).verify();
  }

  private static long generatorRuns(PipelineResources res) {
    return GroundTruth.load(res.objectStore()).map(GeneratorState::runSequence).orElse(-1L);
  }

  @Override
  public Integer call() throws Exception {
    try (PosRuntime runtime = PosRuntime.start(common.load(), false)) {
      PipelineResources res = runtime.resources();
      // the generator's truth is for its clock: it only applies when gold holds everything published by then
      boolean truth = !noTruth && GroundTruth.load(res.objectStore()).isPresent();
      long sequenceBefore = generatorRuns(res);
      if (truth) {
        PipelineLag lag = PipelineLag.measure(res);
        if (!lag.caughtUp()) {
          System.err.println("note: generator truth not compared: the ETL is behind " + lag
              + "; run `pos etl --once` (pause the generator while `pos up` runs) and verify again");
          truth = false;
        }
      }
      TruthSource source = truth ? GeneratorTruthCheck.source(res.objectStore()) : TruthSource.NONE;
      VerifyReport report = new GoldVerifier(res, m -> { }).maxExamples(examples).compareWith(source).verify();
      if (truth && generatorRuns(res) != sequenceBefore) {
        System.err.println("note: the generator ran during verify: its truth comparison is not conclusive");
        report = withoutTruth(res);
      }
      JsonOut.print(report);
      if (!report.ok()) {
        System.err.println("error: gold does not match (mismatches listed above)");
        return Main.FAILURE;
      }
    }
    return 0;
  }
}

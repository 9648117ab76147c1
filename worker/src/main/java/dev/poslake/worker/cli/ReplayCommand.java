package dev.poslake.worker.cli;

import dev.poslake.activities.generator.LocalFilePublisher;
import dev.poslake.activities.generator.ReplayRequest;
import dev.poslake.activities.reference.ReferenceTables;
import dev.poslake.worker.PosRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "replay", mixinStandardHelpOptions = true,
    description = "Publish the demo's change CSV files to Kafka and copy its snapshot CSV files to the object "
        + "store, in time order.")
public final class ReplayCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--changes", arity = "1..*", paramLabel = "FILE",
      description = "Change files: trans_id,item_id,store_id,date_time,quantity,change_type_id.")
  List<Path> changes = new ArrayList<>();

  @Option(names = "--snapshots", arity = "1..*", paramLabel = "FILE",
      description = "Snapshot files: item_id,employee_id,store_id,date_time,quantity.")
  List<Path> snapshots = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    if (changes.isEmpty() && snapshots.isEmpty()) {
      throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
          "give --changes and/or --snapshots files");
    }
    ReplayRequest request = new ReplayRequest(existing(changes), existing(snapshots));
    try (PosRuntime runtime = PosRuntime.start(common.load(), false)) {
      var resources = runtime.resources();
      ReferenceTables reference = ReferenceTables.of(resources);
      reference.ensureUploaded(0);
      // publishing is a client-side tool (like kafka-console-producer): it runs here, not on a worker
      try (LocalFilePublisher publisher = new LocalFilePublisher(resources)) {
        JsonOut.print(publisher.replay(request));
      }
    }
    return 0;
  }

  static List<String> existing(List<Path> files) {
    List<String> out = new ArrayList<>();
    for (Path f : files) {
      if (!Files.isRegularFile(f)) throw new UserError("no such file: " + f);
      out.add(f.toAbsolutePath().toString());
    }
    return out;
  }
}

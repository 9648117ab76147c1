package dev.poslake.worker.cli;

import dev.poslake.activities.generator.LocalFilePublisher;
import dev.poslake.worker.PosRuntime;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "publish", mixinStandardHelpOptions = true,
    description = "Publish one Kafka message per line of a file, bytes as they are (for testing bad input). "
        + "Key: the line's trans_id, as producers of the message format send it (lines without one go keyless).")
public final class PublishCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--raw", required = true, paramLabel = "FILE", description = "One message per line.")
  Path raw;

  @Option(names = "--no-key", description = "Publish every line keyless: the partitioner then spreads re-deliveries "
      + "of one transaction over partitions (what a keyless producer does).")
  boolean noKey;

  @Override
  public Integer call() throws Exception {
    String file = ReplayCommand.existing(List.of(raw)).get(0);
    try (PosRuntime runtime = PosRuntime.start(common.load(), false)) {
      var resources = runtime.resources();
      try (LocalFilePublisher publisher = new LocalFilePublisher(resources)) {
        JsonOut.print(Map.of("messages", publisher.publishRaw(Path.of(file), !noKey), "topic",
            resources.topic()));
      }
    }
    return 0;
  }
}

package dev.poslake.worker.cli;

import dev.poslake.ops.tables.OutputFormat;
import dev.poslake.ops.tables.TableDump;
import dev.poslake.ops.tables.TableQuery;
import dev.poslake.worker.PosRuntime;
import java.time.OffsetDateTime;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "table", mixinStandardHelpOptions = true,
    description = "Print an Iceberg table of the pipeline (e.g. item, current_inventory).")
public final class TableCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Parameters(paramLabel = "NAME", description = "Table name, e.g. store, item, current_inventory.")
  String name;

  @Option(names = "--format", defaultValue = "table", description = "table, csv or json (one object per line).")
  String format;

  @Option(names = "--limit", defaultValue = "0", description = "Print at most N rows (0: all).")
  int limit;

  @Option(names = "--as-of", paramLabel = "TIMESTAMP",
      description = "Read the table as it was at this time (ISO-8601, e.g. 2026-11-25T10:00:00Z).")
  OffsetDateTime asOf;

  @Option(names = "--store", paramLabel = "ID", description = "Only rows of this store_id.")
  Integer store;

  @Option(names = "--item", paramLabel = "ID", description = "Only rows of this item_id.")
  Integer item;

  @Option(names = "--metadata-location",
      description = "Print only the table's current metadata file (for DuckDB's iceberg_scan, Trino's "
          + "register_table, Spark's registerTable).")
  boolean metadataLocation;

  @Override
  public Integer call() throws Exception {
    OutputFormat f;
    try {
      f = OutputFormat.valueOf(format.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
          "--format must be table, csv or json, not " + format);
    }
    if (limit < 0) {
      throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--limit must be >= 0");
    }
    try (PosRuntime runtime = PosRuntime.start(common.load(), false)) {
      var resources = runtime.resources();
      if (metadataLocation) {
        var table = resources.catalog().loadTable(resources.table(name));
        System.out.println(((org.apache.iceberg.HasTableOperations) table).operations().current()
            .metadataFileLocation());
        return 0;
      }
      try {
        TableDump.print(resources.catalog(), resources.table(name), new TableQuery(name, asOf, store, item, limit),
            f, System.out);
      } catch (IllegalArgumentException e) {
        throw new UserError(e.getMessage());
      }
    }
    return 0;
  }
}

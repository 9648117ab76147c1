package dev.poslake.worker.cli;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.runlog.RunLogEntry;
import dev.poslake.activities.runlog.RunLogWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Records an operator's action on the pipeline's state in the run log {@code pipeline_runs}: one run row of kind
 * {@code ops}, workflow id {@code ops-<action>-<time>}, with who did it and why in {@code note}.
 */
final class OpsAudit {
  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private OpsAudit() {}

  /** @param offsets partition -> [from, to) the action concerns; lostOffsets null unless it skipped any */
  static RunLogEntry record(PipelineResources resources, String action, long startedAt, String by, String note,
      Map<String, long[]> offsets, Long lostOffsets) {
    long now = System.currentTimeMillis();
    RunLogEntry row = new RunLogEntry(UUID.randomUUID().toString(),
        "ops-" + action + "-" + ID_TIME.format(Instant.ofEpochMilli(now)), RunLogEntry.OPS, null, startedAt,
        startedAt, now, RunLogEntry.SUCCEEDED, null, null, offsets, null, null, null, lostOffsets,
        action + " by " + by + (note == null || note.isBlank() ? "" : ": " + note));
    new RunLogWriter(resources).append(List.of(row), by);
    return row;
  }
}

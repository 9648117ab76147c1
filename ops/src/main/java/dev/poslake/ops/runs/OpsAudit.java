package dev.poslake.ops.runs;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.runlog.RunLogEntry;
import dev.poslake.activities.runlog.RunLogWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records an operator's action (pause, resume, trigger, acknowledge-loss, reset-offsets; from the CLI or the ops
 * page) in the run log {@code pipeline_runs}: one run row of kind {@code ops}, workflow id
 * {@code ops-<action>-<time>}, with who did it and why in {@code note}.
 */
public final class OpsAudit {
  private static final Logger LOG = LoggerFactory.getLogger(OpsAudit.class);
  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private OpsAudit() {}

  /**
   * A schedule action: recorded best effort (the action itself already happened; a run log that cannot be written
   * is logged, like the workflows' own run log rows).
   */
  public static void record(PipelineResources resources, String action, String by, String note) {
    try {
      record(resources, action, System.currentTimeMillis(), by, note, null, null);
    } catch (RuntimeException e) {
      LOG.warn("ops action {} by {} not recorded in the run log: {}", action, by, e.toString());
    }
  }

  /** @param offsets partition -> [from, to) the action concerns; lostOffsets null unless it skipped any */
  public static RunLogEntry record(PipelineResources resources, String action, long startedAt, String by,
      String note, Map<String, long[]> offsets, Long lostOffsets) {
    long now = System.currentTimeMillis();
    RunLogEntry row = new RunLogEntry(UUID.randomUUID().toString(),
        "ops-" + action + "-" + ID_TIME.format(Instant.ofEpochMilli(now)), RunLogEntry.OPS, null, startedAt,
        startedAt, now, RunLogEntry.SUCCEEDED, null, null, offsets, null, null, null, lostOffsets,
        action + " by " + by + (note == null || note.isBlank() ? "" : ": " + note));
    new RunLogWriter(resources).append(List.of(row), by);
    return row;
  }
}

package dev.poslake.ops.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.poslake.ops.pipeline.PipelineHealth.Facts;
import dev.poslake.ops.pipeline.PipelineHealth.Health;
import org.junit.jupiter.api.Test;

class PipelineHealthTest {
  private static Health health(boolean committed, String failed, Long lag, Long freshness, Long rejects) {
    return PipelineHealth.of(new Facts(committed, failed, lag, freshness, rejects)).health();
  }

  @Test
  void aFailedStepIsRedWhateverElseHolds() {
    assertEquals(Health.FAILING, health(true, "disk full", 0L, 0L, 0L));
    assertEquals(Health.FAILING, health(false, "disk full", PipelineHealth.LAG_STALE_RECORDS + 1, null, null));
  }

  @Test
  void lagFreshnessAndNewRejectsAboveTheLineAreAmber() {
    assertEquals(Health.OK, health(true, null, PipelineHealth.LAG_STALE_RECORDS, null, null), "at the line: ok");
    assertEquals(Health.STALE, health(true, null, PipelineHealth.LAG_STALE_RECORDS + 1, null, null));
    long line = PipelineHealth.FRESHNESS_STALE.toMillis();
    assertEquals(Health.OK, health(true, null, null, line, null));
    assertEquals(Health.STALE, health(true, null, null, line + 1, null));
    assertEquals(Health.OK, health(true, null, null, null, 0L), "a quarantine the last run added nothing to");
    assertEquals(Health.STALE, health(true, null, null, null, 3L));
  }

  @Test
  void nothingCommittedIsUnknownElseOk() {
    assertEquals(Health.UNKNOWN, health(false, null, 0L, null, null));
    assertEquals(Health.OK, health(true, null, 0L, 60_000L, null));
    assertEquals("failing", Health.FAILING.css());
  }
}

package dev.poslake.activities.generator;

import dev.poslake.activities.env.ProgressReporter;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class GeneratorRunTest {
  private static final Instant NOW = Instant.parse("2026-11-25T10:15:42.345Z");
  private final Fakes.States states = new Fakes.States();
  private final Fakes.Snapshots snapshots = new Fakes.Snapshots();

  private GenerateResult run(Fakes.Publisher publisher, String requestId, Instant now, Integer simMinutes) {
    GenerateRequest req = new GenerateRequest(requestId, now.toEpochMilli(), 10, 600, 42, 0, simMinutes, null);
    return new GeneratorRun(states, publisher, snapshots, ProgressReporter.none()).run(req, TestData.reference());
  }

  @Test
  void firstRunWritesTheInitialRecountsThenRunsCoverWallTimeTimesSpeed() {
    Fakes.Publisher p1 = new Fakes.Publisher();
    GenerateResult r1 = run(p1, "wf/1", NOW, null);
    assertEquals("2026-11-25T10:15:00Z", r1.intervalStart());
    assertEquals(r1.intervalStart(), r1.intervalEnd());
    assertEquals(3, r1.recountFiles());
    assertEquals(List.of("inventory_snapshots/inventory_snapshot_0_2026-11-25_10-15-00.csv",
        "inventory_snapshots/inventory_snapshot_1_2026-11-25_10-15-00.csv",
        "inventory_snapshots/inventory_snapshot_2_2026-11-25_10-15-00.csv"), List.copyOf(snapshots.rowsByKey.keySet()));
    snapshots.rowsByKey.values().forEach(rows -> assertEquals(50, rows));
    assertEquals(0, p1.values.size());
    assertEquals(1, r1.runSequence());

    Fakes.Publisher p2 = new Fakes.Publisher();
    GenerateResult r2 = run(p2, "wf/2", NOW.plus(Duration.ofMinutes(2)), null);
    assertEquals(r1.intervalEnd(), r2.intervalStart());
    assertEquals("2026-11-25T10:35:00Z", r2.intervalEnd()); // 2 wall minutes x 10
    assertEquals(r2.messages(), p2.values.size());
    assertTrue(r2.transactions() > 400, "~600/h/store x 3 stores x 1/3 h");
    assertEquals(2, r2.runSequence());
    assertEquals(1, p2.flushes);
    for (int i = 0; i < p2.values.size(); i++) {
      assertEquals(p2.keys.get(i), MessageJson.decode(p2.values.get(i)).key());
    }
  }

  @Test
  void retryOfACompletedRunReturnsItsSummaryAndPublishesNothing() {
    run(new Fakes.Publisher(), "wf/1", NOW, null);
    GenerateResult done = run(new Fakes.Publisher(), "wf/2", NOW.plus(Duration.ofMinutes(2)), null);
    Fakes.Publisher again = new Fakes.Publisher();
    // a retry sees the same request id (and the same workflow "now")
    assertEquals(done, run(again, "wf/2", NOW.plus(Duration.ofMinutes(2)), null));
    assertEquals(0, again.values.size());
  }

  @Test
  void crashBeforeTheStateIsSavedRegeneratesIdenticalMessages() {
    run(new Fakes.Publisher(), "wf/1", NOW, null);
    states.failSave = true;
    Fakes.Publisher crashed = new Fakes.Publisher();
    assertThrows(IllegalStateException.class, () -> run(crashed, "wf/2", NOW.plus(Duration.ofMinutes(2)), null));
    states.failSave = false;
    Fakes.Publisher retried = new Fakes.Publisher();
    GenerateResult r = run(retried, "wf/2", NOW.plus(Duration.ofMinutes(2)), null);
    assertTrue(retried.values.size() > 0);
    assertEquals(crashed.texts(), retried.texts());
    assertEquals("2026-11-25T10:15:00Z", r.intervalStart());
  }

  @Test
  void aFreshStateStartingInThePastCatchesUpToNowInItsFirstRun() {
    // what GeneratorOptions.from asks for: start one interval (2 min x speed 10) before now
    Instant start = Instant.parse("2026-11-25T09:55:00Z");
    GeneratorRun gen = new GeneratorRun(states, new Fakes.Publisher(), snapshots, ProgressReporter.none());
    GenerateResult first = gen.run(new GenerateRequest("wf/1", start.plus(Duration.ofMinutes(20)).toEpochMilli(),
        10, 600, 42, 0, null, start.toEpochMilli()), TestData.reference());
    assertEquals(start.toString(), first.intervalStart());
    assertEquals("2026-11-25T10:15:00Z", first.intervalEnd());
    assertEquals(3, first.recountFiles());
    assertTrue(first.transactions() > 400, "~600/h/store x 3 stores x 1/3 h: " + first.transactions());
    // the next run, 2 wall minutes later, continues from there
    GenerateResult second = gen.run(new GenerateRequest("wf/2", start.plus(Duration.ofMinutes(22)).toEpochMilli(),
        10, 600, 42, 0, null, start.toEpochMilli()), TestData.reference());
    assertEquals(first.intervalEnd(), second.intervalStart());
    assertEquals("2026-11-25T10:35:00Z", second.intervalEnd());
  }

  @Test
  void fixedSimulatedMinutesAndCatchUpCap() {
    // ./pos generate --once --sim-minutes 30 on a fresh state
    GenerateResult once = run(new Fakes.Publisher(), "wf/1", NOW, 30);
    assertEquals(3, once.recountFiles());
    assertEquals("2026-11-25T10:45:00Z", once.intervalEnd());
    // a day of wall time later at 10x would be 10 simulated days: capped, the rest caught up later
    GenerateResult capped = run(new Fakes.Publisher(), "wf/2", NOW.plus(Duration.ofDays(1)), null);
    assertEquals(Instant.parse("2026-11-25T10:45:00Z").plus(GeneratorRun.MAX_SIMULATED_PER_RUN).toString(),
        capped.intervalEnd());
    GeneratorState s = GeneratorState.fromBytes(states.saved);
    assertEquals(NOW.toEpochMilli() + GeneratorRun.MAX_SIMULATED_PER_RUN.toMillis() / 10, s.lastWallTimeMillis());
    assertTrue(s.trueStock(1, 100001).isPresent());
  }
}

package dev.poslake.activities.generator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.activities.reference.ChangeType;
import dev.poslake.activities.reference.ReferenceData;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SimulationTest {
  private static final ReferenceData REF = TestData.reference();
  private static final int[] STORES = {0, 1, 2};
  private static final Instant T0 = Instant.parse("2026-11-25T10:15:00Z");

  private static Simulation sim(double txPerHour) {
    return new Simulation(REF, 42, txPerHour);
  }

  @Test
  void firstRunOfZeroLengthEmitsTheInitialRecountOfEveryStore() {
    GeneratorState s = sim(600).initialState(STORES, T0, 0);
    Recorder r = new Recorder();
    RunStats stats = sim(600).advance(s, T0, r);
    assertEquals(3, r.recounts().size());
    assertEquals(List.of(0, 1, 2), r.recounts().stream().map(Recorder.Recount::storeId).toList());
    r.recounts().forEach(c -> assertEquals(T0, c.time()));
    assertEquals(0, stats.transactions());
    assertEquals(T0.plus(Duration.ofDays(5)), s.nextRecount());
    // quantities within [0, 4 x safety stock]
    for (Recorder.Recount c : r.recounts()) {
      for (int p = 0; p < c.quantities().length; p++) {
        int safety = REF.items().get(p).safetyStockQuantity();
        assertTrue(c.quantities()[p] >= 0 && c.quantities()[p] <= 4 * safety);
      }
    }
  }

  @Test
  void adjacentRunsCoverTheirIntervalsAndEqualOneRun() {
    Instant t1 = T0.plus(Duration.ofHours(7).plusMinutes(13).plusMillis(500));
    Instant t2 = T0.plus(Duration.ofDays(5).plusHours(3)); // crosses the second recount
    GeneratorState a = sim(60).initialState(STORES, T0, 0);
    Recorder first = new Recorder();
    sim(60).advance(a, t1, first);
    Recorder second = new Recorder();
    sim(60).advance(a, t2, second);
    first.messages().forEach(m -> assertTrue(!m.dateTime().isBefore(T0) && m.dateTime().isBefore(t1)));
    second.messages().forEach(m -> assertTrue(!m.dateTime().isBefore(t1) && m.dateTime().isBefore(t2)));
    assertFalse(first.messages().isEmpty());
    assertEquals(3, first.recounts().size());
    assertEquals(3, second.recounts().size());

    GeneratorState b = sim(60).initialState(STORES, T0, 0);
    Recorder whole = new Recorder();
    sim(60).advance(b, t2, whole);
    List<String> joined = new java.util.ArrayList<>(first.log);
    joined.addAll(second.log);
    assertEquals(whole.log, joined);
    for (int i = 0; i < STORES.length; i++) {
      assertArrayEquals(b.stockRow(i), a.stockRow(i));
    }
  }

  @Test
  void retryFromTheSameStateIsByteIdentical() {
    GeneratorState s = sim(600).initialState(STORES, T0, 0);
    sim(600).advance(s, T0.plus(Duration.ofMinutes(20)), new Recorder());
    byte[] saved = s.toBytes();
    Instant end = T0.plus(Duration.ofMinutes(40));
    Recorder attempt1 = new Recorder();
    sim(600).advance(GeneratorState.fromBytes(saved), end, attempt1);
    Recorder attempt2 = new Recorder();
    sim(600).advance(GeneratorState.fromBytes(saved), end, attempt2);
    assertTrue(attempt1.messages().size() > 100);
    assertEquals(attempt1.log, attempt2.log);
    // trans_ids are unique apart from the two rows of a BOPIS
    Set<String> ids = new HashSet<>();
    attempt1.messages().stream().filter(m -> m.changeTypeId() != ChangeType.BOPIS || m.storeId() != 0)
        .forEach(m -> assertTrue(ids.add(m.key()), "duplicate " + m.key()));
  }

  @Test
  void goldRuleOverEmittedEventsReproducesTrueStockAndRecounts() {
    Simulation sim = sim(100);
    GeneratorState s = sim.initialState(STORES, T0, 0);
    Recorder r = new Recorder();
    RunStats stats = sim.advance(s, T0.plus(Duration.ofDays(6)), r);
    assertTrue(stats.bulkRestocks() > 0, "a distribution-centre restock should happen in 6 days");
    assertTrue(stats.bopis() > 0 && stats.shrinks() > 0 && stats.restocks() > 0 && stats.sales() > 0);

    Map<Integer, Integer> storeIdx = Map.of(0, 0, 1, 1, 2, 2);
    int[][] snapshot = new int[3][];
    Instant[] snapshotTime = new Instant[3];
    int[][] since = new int[3][50];
    Instant last = T0;
    boolean repeatedItem = false;
    boolean bigMessage = false;
    TransactionMessage previous = null;
    for (Object e : r.events) {
      if (e instanceof Recorder.Recount c) {
        int i = storeIdx.get(c.storeId());
        assertFalse(c.time().isBefore(last));
        if (snapshot[i] != null) {
          for (int p = 0; p < 50; p++) {
            assertEquals(snapshot[i][p] + since[i][p], c.quantities()[p], "recount of store " + i + " item " + p);
          }
        }
        snapshot[i] = c.quantities();
        snapshotTime[i] = c.time();
        since[i] = new int[50];
        last = c.time();
      } else {
        TransactionMessage m = (TransactionMessage) e;
        assertFalse(m.dateTime().isBefore(last), "events in time order");
        last = m.dateTime();
        int i = storeIdx.get(m.storeId());
        assertFalse(m.dateTime().isBefore(snapshotTime[i]), "gold: date_time >= S");
        for (TransactionMessage.Line l : m.items()) {
          assertTrue(m.changeTypeId() == ChangeType.RESTOCK ? l.quantity() > 0 : l.quantity() < 0);
        }
        if (m.changeTypeId() == ChangeType.BOPIS) {
          if (m.storeId() == 0) {
            previous = m;
            continue; // the online row of a BOPIS records the order, not a stock movement
          }
          assertEquals(previous.withStore(m.storeId()), m, "BOPIS: same trans_id and lines for store 0 and s");
        }
        Set<Integer> seen = new HashSet<>();
        for (TransactionMessage.Line l : m.items()) {
          since[i][s.itemPosition(l.itemId())] += l.quantity();
          repeatedItem |= m.changeTypeId() == ChangeType.SALE && !seen.add(l.itemId());
        }
        bigMessage |= MessageJson.encode(m).length > MessageSplitter.DEFAULT_MAX_BYTES;
      }
    }
    assertTrue(repeatedItem, "sales occasionally list an item twice");
    assertTrue(bigMessage, "the bulk restock exceeds 256 KB");
    assertEquals(Instant.parse("2026-11-30T10:15:00Z"), snapshotTime[1]);
    for (int i = 0; i < 3; i++) {
      for (int p = 0; p < 50; p++) {
        int truth = s.trueStock(STORES[i], REF.items().get(p).itemId()).getAsInt();
        assertTrue(truth >= 0);
        assertEquals(snapshot[i][p] + since[i][p], truth);
      }
    }
  }

  @Test
  void aChangeStampedAtTheRecountInstantComesAfterTheRecount() {
    // Find a transaction time, then make the recount due exactly then (ms precision is fine for the ordering).
    GeneratorState probe = sim(600).initialState(STORES, T0, 0);
    Recorder r = new Recorder();
    sim(600).advance(probe, T0.plus(Duration.ofHours(1)), r);
    Instant t = r.messages().stream().map(TransactionMessage::dateTime)
        .filter(x -> x.isAfter(T0)).skip(10).findFirst().orElseThrow();
    GeneratorState s = sim(600).initialState(STORES, T0, 0);
    s.setNextRecountMillis(t.toEpochMilli());
    Recorder r2 = new Recorder();
    sim(600).advance(s, T0.plus(Duration.ofHours(1)), r2);
    int recountAt = -1;
    for (int i = 0; i < r2.events.size(); i++) {
      Object e = r2.events.get(i);
      if (e instanceof Recorder.Recount) {
        recountAt = recountAt < 0 ? i : recountAt;
      } else if (!((TransactionMessage) e).dateTime().isBefore(t)) {
        assertTrue(recountAt >= 0 && recountAt < i, "recount before changes stamped >= T");
      } else {
        assertTrue(recountAt < 0, "changes before T come first");
      }
    }
    assertTrue(recountAt > 0, "some changes precede the recount");
  }
}

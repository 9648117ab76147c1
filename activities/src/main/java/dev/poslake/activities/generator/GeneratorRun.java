package dev.poslake.activities.generator;

import dev.poslake.activities.env.ProgressReporter;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poslake.activities.reference.ReferenceData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * One generator run, I/O behind seams: load state → (already done? return its summary) → simulate the interval
 * since the previous run, publishing transactions and writing due recounts → flush → save the state in one put.
 * Saving is the commit point: a crash before it makes the retry regenerate byte-identical messages (silver
 * de-duplicates) and rewrite identical recount files.
 */
public final class GeneratorRun {
  /** Catch-up cap: after a long outage the simulation lags and catches up over several runs. */
  public static final Duration MAX_SIMULATED_PER_RUN = Duration.ofHours(6);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final StateRepository states;
  private final MessagePublisher publisher;
  private final SnapshotWriter snapshots;
  private final ProgressReporter progress;
  private final MessageSplitter splitter;

  public GeneratorRun(StateRepository states, MessagePublisher publisher, SnapshotWriter snapshots,
      ProgressReporter progress) {
    this(states, publisher, snapshots, progress, new MessageSplitter());
  }

  GeneratorRun(StateRepository states, MessagePublisher publisher, SnapshotWriter snapshots,
      ProgressReporter progress, MessageSplitter splitter) {
    this.states = states;
    this.publisher = publisher;
    this.snapshots = snapshots;
    this.progress = progress;
    this.splitter = splitter;
  }

  public GenerateResult run(GenerateRequest req, ReferenceData reference) {
    Simulation sim = new Simulation(reference, req.seed(), req.transactionsPerHour());
    GeneratorState state = states.load().orElse(null);
    if (state != null && req.requestId().equals(state.lastRequestId()) && state.lastSummary() != null) {
      return decode(state.lastSummary());
    }
    if (state == null) {
      Instant start = req.simStartEpochMillis() != null ? Instant.ofEpochMilli(req.simStartEpochMillis())
          : Instant.ofEpochMilli(req.nowEpochMillis()).truncatedTo(ChronoUnit.MINUTES);
      // A fresh simulation given a start in the past (GeneratorOptions.from: one interval before now) catches up
      // to now in its first run, as if the previous run had been at the wall time that maps to its start.
      // (Without a given start it starts now: the truncation to the minute is not time to catch up.)
      long startMillis = start.getEpochSecond() * 1000;
      long wallAtStart = req.nowEpochMillis();
      if (req.simStartEpochMillis() != null && startMillis < req.nowEpochMillis()) {
        wallAtStart -= Math.round((req.nowEpochMillis() - startMillis) / req.speed());
      }
      state = sim.initialState(GeneratorStores.ids(GeneratorStores.resolve(reference, req.stores())), start,
          wallAtStart);
    }
    long from = state.clockMillis();
    long span;
    long wall = Math.max(state.lastWallTimeMillis(), req.nowEpochMillis());
    if (req.simMinutes() != null) {
      span = req.simMinutes() * 60_000L;
    } else {
      long elapsed = Math.max(0, req.nowEpochMillis() - state.lastWallTimeMillis());
      span = Math.round(elapsed * req.speed());
      if (span > MAX_SIMULATED_PER_RUN.toMillis()) {
        span = MAX_SIMULATED_PER_RUN.toMillis();
        wall = state.lastWallTimeMillis() + Math.round(span / req.speed()); // the rest is caught up later
      }
    }
    long[] messages = {0};
    long[] files = {0};
    RunStats stats = sim.advance(state, Instant.ofEpochMilli(from + span), new SimulationSink() {
      @Override
      public void transaction(TransactionMessage m) {
        for (EncodedMessage e : splitter.split(m)) {
          publisher.publish(e.key(), e.value());
          messages[0]++;
        }
        progress.progress(() -> Map.of("simulatedTime", m.dateTime().toString(), "messages", messages[0]));
      }

      @Override
      public void recount(RecountEvent r) {
        snapshots.write(r);
        files[0]++;
        progress.progress(() -> Map.of("recount", r.storeId() + "@" + r.time(), "messages", messages[0]));
      }
    });
    publisher.flush();
    GenerateResult result = new GenerateResult(req.requestId(), state.runSequence() + 1,
        Instant.ofEpochMilli(from).toString(), state.clock().toString(), stats.transactions(), stats.lines(),
        messages[0], files[0], stats.sales(), stats.shrinks(), stats.restocks(), stats.bulkRestocks(),
        stats.bopis(), state.nextRecount().toString());
    state.setRunSequence(result.runSequence());
    state.setLastWallTimeMillis(wall);
    state.setLastRun(req.requestId(), encode(result));
    states.save(state);
    return result;
  }

  private static byte[] encode(GenerateResult r) {
    try {
      return JSON.writeValueAsBytes(r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static GenerateResult decode(byte[] json) {
    try {
      return JSON.readValue(json, GenerateResult.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

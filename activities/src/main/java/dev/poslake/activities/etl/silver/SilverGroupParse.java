package dev.poslake.activities.etl.silver;

import dev.poslake.activities.contracts.Timestamps;
import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.env.ProgressReporter;
import dev.poslake.activities.etl.domain.ParsedTransaction;
import dev.poslake.activities.etl.domain.PosMessageParser;
import dev.poslake.activities.etl.domain.Rejection;
import dev.poslake.activities.etl.io.UtcTimes;
import dev.poslake.activities.reference.ValidationCache;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parse step of one group: its bronze files → uncommitted inventory_change and rejected_inventory_change files
 * plus a key file, under the plan's prefix; nothing is committed, so an attempt that dies leaves only files the
 * commit step's clean-up deletes, and a retry simply writes its own.
 *
 * <ol>
 *   <li>One streaming pass in position order: parse + validate + explode each record once; keep the position of
 *       each key's first occurrence and the touched (day, store) pairs and minutes ({@link ParseState}); while
 *       positions increase, write as it goes: the first occurrence met is the lowest (speculative output).</li>
 *   <li>Only if positions came out of order (files the bronze step did not write in order): drop that output and
 *       parse again, writing each part only at its kept position.</li>
 *   <li>Publish: close the files, list them in manifests, write the group's keys sorted ({@link KeyFile}).</li>
 * </ol>
 * Memory is bounded by the group (its keys), not the batch: the plan caps a group's bytes.
 */
final class SilverGroupParse {
  private static final Logger LOG = LoggerFactory.getLogger(SilverGroupParse.class);

  private final PipelineResources resources;

  SilverGroupParse(PipelineResources resources) {
    this.resources = resources;
  }

  SilverGroupResult parse(SilverPlan plan, int groupIndex, ProgressReporter progress) {
    String what = "silver group " + groupIndex + "/" + plan.groups().size();
    ParseSlots.JVM.acquire(what, message -> progress.progress(() -> message));
    try {
      return parseInSlot(plan, groupIndex, progress);
    } finally {
      ParseSlots.JVM.release();
    }
  }

  private SilverGroupResult parseInSlot(SilverPlan plan, int groupIndex, ProgressReporter progress) {
    long t0 = System.nanoTime();
    SilverTables t = SilverTables.load(resources);
    SilverPlan.ParseGroup group = plan.groups().get(groupIndex);
    List<DataFile> files = BronzeBatch.filesOf(t.bronze(), plan, group);
    BronzeScan scan = new BronzeScan(t.bronze(), files, new PosMessageParser(ValidationCache.get(resources)));
    // every attempt writes files of its own: a retry never overwrites what an earlier attempt may have handed on
    String attempt = UUID.randomUUID().toString().substring(0, 8);
    String name = "g" + groupIndex + "-" + attempt;
    OffsetDateTime now = UtcTimes.of(Instant.now());

    ParseState state = new ParseState(files.stream().mapToLong(DataFile::recordCount).sum());
    GroupOutput speculative = new GroupOutput(t, plan, name + "-p1", now);
    GroupOutput out = speculative;
    try {
      long tRef = System.nanoTime();
      long records = firstPass(scan, state, speculative, progress, groupIndex);
      long tPass = System.nanoTime();
      if (!state.inOrder()) {
        speculative.abort();
        out = new GroupOutput(t, plan, name + "-p2", now);
        secondPass(scan, state, out, progress, groupIndex);
      }
      SilverGroupResult result = publish(t, plan, groupIndex, attempt, records, state, out);
      LOG.info("silver group {}/{}: {} files, {} records → {} rows ({} parts), {} duplicates in the group, {} "
          + "rejected{}; ms: setup {}, pass {}, {} {}", groupIndex, plan.groups().size(), files.size(), records,
          result.changeRows(), result.parts(), result.duplicates(), result.rejected(),
          state.inOrder() ? "" : "; positions out of order: parsed twice", ms(t0, tRef), ms(tRef, tPass),
          state.inOrder() ? "publish" : "pass 2 + publish", ms(tPass, System.nanoTime()));
      return result;
    } finally {
      speculative.close();
      out.close();
    }
  }

  private static long firstPass(BronzeScan scan, ParseState state, GroupOutput out, ProgressReporter progress,
      int group) {
    return scan.forEach((topic, partition, offset, value, parsed) -> {
      ParseSlots.JVM.parsed();
      long pos = Positions.of(partition, offset);
      boolean writing = state.advance(pos);
      if (parsed instanceof ParsedTransaction tx) {
        long micros = Timestamps.micros(tx.dateTime());
        long previous = state.keptAt.putMin(tx.dedupKey(), pos);
        state.touched.add(micros, tx.storeId());
        if (writing) {
          if (previous == KeyPositions.NEW) out.part(tx, micros, partition, offset);
          else out.duplicate();
        }
      } else if (writing) {
        out.reject((Rejection) parsed, topic, partition, offset, value);
      }
    }, progress, "silver group " + group);
  }

  private static void secondPass(BronzeScan scan, ParseState state, GroupOutput out, ProgressReporter progress,
      int group) {
    scan.forEach((topic, partition, offset, value, parsed) -> {
      ParseSlots.JVM.parsed();
      if (parsed instanceof ParsedTransaction tx) {
        if (state.keptAt.get(tx.dedupKey()) == Positions.of(partition, offset)) {
          out.part(tx, Timestamps.micros(tx.dateTime()), partition, offset);
        } else {
          out.duplicate();
        }
      } else {
        out.reject((Rejection) parsed, topic, partition, offset, value);
      }
    }, progress, "silver group " + group + " pass 2");
  }

  private static SilverGroupResult publish(SilverTables t, SilverPlan plan, int group, String attempt,
      long records, ParseState state, GroupOutput out) {
    List<DataFile> changeFiles = out.changes.complete();
    List<DataFile> rejectFiles = out.rejects == null ? List.of() : out.rejects.complete();
    byte[] changeManifest = SilverStaging.writeManifest(t.change(),
        SilverStaging.manifestPath(t.change(), plan.planId(), group, attempt), changeFiles);
    byte[] rejectManifest = SilverStaging.writeManifest(t.rejected(),
        SilverStaging.manifestPath(t.rejected(), plan.planId(), group, attempt), rejectFiles);
    String keyFile = SilverStaging.keyFilePath(t.change(), plan.planId(), group, attempt);
    int keys = state.keptAt.size();
    KeyFile.write(t.change().io(), keyFile, state.keptAt.sortedEntries(), keys, state.touched);
    if (out.parts + out.duplicates + out.rejected != records) {
      throw new IllegalStateException("silver group " + group + ": " + records + " records but " + out.parts
          + " parts + " + out.duplicates + " duplicates + " + out.rejected + " rejects");
    }
    return new SilverGroupResult(group, records, out.parts, out.changes.rows(), out.duplicates, out.rejected,
        out.rejectsByReason, keys, attempt, changeManifest, rejectManifest, !state.inOrder());
  }

  private static long ms(long from, long to) {
    return (to - from) / 1_000_000;
  }
}

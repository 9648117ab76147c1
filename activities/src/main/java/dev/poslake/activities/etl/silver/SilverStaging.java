package dev.poslake.activities.etl.silver;

import dev.poslake.catalog.io.LocalFileIO;
import dev.poslake.catalog.io.SnapshotProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.ManifestWriter;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotChanges;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.TableUtil;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.PositionOutputStream;
import org.apache.iceberg.io.SupportsBulkOperations;
import org.apache.iceberg.io.SupportsPrefixOperations;
import org.apache.iceberg.util.SnapshotUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a silver plan's uncommitted files live, and who deletes the ones that are never committed.
 *
 * <p>Every file a plan's activities write (all attempts: data files of inventory_change and
 * rejected_inventory_change, key files, manifests) goes under one prefix per table,
 * {@code <table data location>/silver-<planId>/}. The commit's files stay there once committed (Iceberg references
 * data files by path). Leftovers are files of failed or superseded attempts; they are deleted by listing the prefix
 * and keeping what the table references, which is safe only once no attempt of the plan can commit any more:
 * <ul>
 *   <li>by the commit step, right after its commit (or after finding the batch committed): the plan's state
 *       snapshots are then gone from the tables' heads, so every other attempt's guarded commit fails;</li>
 *   <li>by a later plan, for a plan whose run died before committing: a marker
 *       ({@code <inventory_change location>/silver-plans/<planId>}) records each plan's guarded states; once both
 *       tables moved past them and the marker is older than {@link #SWEEP_AFTER_MILLIS} (longer than any attempt
 *       may still be writing), the plan's files that no snapshot with its plan id added are deleted.</li>
 * </ul>
 * A table whose FileIO cannot list prefixes keeps the leftovers (harmless: never referenced).
 */
final class SilverStaging {
  private static final Logger LOG = LoggerFactory.getLogger(SilverStaging.class);
  /** Summary key of silver's commits: the plan whose files they add. */
  static final String PLAN_ID = "pos.silver.plan-id";
  /** Two silver attempt bounds (30 min each): no attempt of a plan this old is still writing. */
  static final long SWEEP_AFTER_MILLIS = 60 * 60 * 1000L;

  private static final long UNCOMMITTED_SNAPSHOT_ID = 0;

  private SilverStaging() {}

  private static final Pattern PLAN_ID_FORM = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Pattern ATTEMPT_FORM = Pattern.compile("[0-9a-f]{8}");

  static String planPrefix(Table table, String planId) {
    // ids come back from activity inputs: only the forms this code makes, so they cannot point elsewhere
    if (!PLAN_ID_FORM.matcher(planId).matches()) throw new IllegalArgumentException("not a silver plan id: " + planId);
    String data = table.properties().getOrDefault(TableProperties.WRITE_DATA_LOCATION, table.location() + "/data");
    return strip(data) + "/silver-" + planId;
  }

  static String keyFilePath(Table change, String planId, int group, String attempt) {
    if (!ATTEMPT_FORM.matcher(attempt).matches()) throw new IllegalArgumentException("not an attempt id: " + attempt);
    return planPrefix(change, planId) + "/_keys/g" + group + "-" + attempt + ".keys";
  }

  static String manifestPath(Table table, String planId, int group, String attempt) {
    return planPrefix(table, planId) + "/_manifests/g" + group + "-" + attempt + ".avro";
  }

  private static String markerPrefix(Table change) {
    return strip(change.location()) + "/silver-plans/";
  }

  private static String strip(String location) {
    return location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
  }

  // ---------------------------------------------------------------------------------------------- manifests

  /** Writes the files into a manifest and returns its encoded descriptor (a few hundred bytes), null if none. */
  static byte[] writeManifest(Table table, String path, List<DataFile> files) {
    if (files.isEmpty()) return null;
    // a placeholder snapshot id (the descriptor must carry one to be encoded); the commit appends the files it
    // reads from the manifest, so the id never reaches the table
    ManifestWriter<DataFile> w = ManifestFiles.write(TableUtil.formatVersion(table), table.spec(),
        table.io().newOutputFile(path), UNCOMMITTED_SNAPSHOT_ID);
    try (w) {
      files.forEach(w::add);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write manifest " + path, e);
    }
    try {
      return ManifestFiles.encode(w.toManifestFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The data files of a group's manifest. The manifest and its files must lie under the plan's prefix: the commit
   * appends what it lists, and its descriptor comes from an activity input.
   */
  static List<DataFile> readManifest(Table table, String planId, byte[] encoded) {
    if (encoded == null) return List.of();
    String prefix = planPrefix(table, planId) + "/";
    List<DataFile> out = new ArrayList<>();
    try {
      ManifestFile manifest = ManifestFiles.decode(encoded);
      requireUnder(prefix, manifest.path());
      try (ManifestReader<DataFile> r = ManifestFiles.read(manifest, table.io(), table.specs())) {
        for (DataFile f : r) {
          requireUnder(prefix, f.location());
          out.add(f.copy());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read a silver group's manifest", e);
    }
    return out;
  }

  private static void requireUnder(String prefix, String location) {
    if (!location.startsWith(prefix) || location.contains("/../")) {
      throw new IllegalArgumentException("not a file of this silver plan: " + location);
    }
  }

  // ---------------------------------------------------------------------------------------------- markers

  /** A plan's marker: the states its commits are guarded on, and when it was made. */
  record Marker(String planId, Long changeState, Long rejectedState, boolean writeRejects, long createdMillis) {
    String encode() {
      return planId + " " + changeState + " " + rejectedState + " " + writeRejects + " " + createdMillis;
    }

    static Marker decode(String s) {
      String[] f = s.trim().split(" ");
      return new Marker(f[0], nullableLong(f[1]), nullableLong(f[2]), Boolean.parseBoolean(f[3]),
          Long.parseLong(f[4]));
    }

    private static Long nullableLong(String v) {
      return "null".equals(v) ? null : Long.valueOf(v);
    }
  }

  static void writeMarker(Table change, SilverPlan plan, long nowMillis) {
    Marker m = new Marker(plan.planId(), plan.changeState(), plan.rejectedState(), plan.writeRejects(), nowMillis);
    try (PositionOutputStream out = change.io().newOutputFile(markerPrefix(change) + plan.planId())
        .createOrOverwrite()) {
      out.write(m.encode().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the silver plan marker", e);
    }
  }

  // ---------------------------------------------------------------------------------------------- clean-up

  /** After the plan's batch is committed: deletes the plan's files its commits do not reference, and its marker. */
  static int cleanUpAfterCommit(Table change, Table rejected, SilverPlan plan) {
    return cleanUp(change, rejected, new Marker(plan.planId(), plan.changeState(), plan.rejectedState(),
        plan.writeRejects(), 0));
  }

  /**
   * Deletes the leftovers of plans whose runs died before their commit (see the class comment); returns how many
   * plans it cleaned. Never the plan {@code except} (the caller's own).
   */
  static int sweepDeadPlans(Table change, Table rejected, String except, long nowMillis) {
    if (!(change.io() instanceof SupportsPrefixOperations io)) return 0;
    change.refresh();
    rejected.refresh();
    Long changeNow = stateId(change);
    Long rejectedNow = stateId(rejected);
    int swept = 0;
    for (FileInfo f : io.listPrefix(markerPrefix(change))) {
      String planId = f.location().substring(f.location().lastIndexOf('/') + 1);
      if (planId.equals(except)) continue;
      Marker m;
      try {
        m = Marker.decode(read(change.io(), f.location()));
      } catch (RuntimeException unreadable) {
        LOG.warn("silver: ignoring unreadable plan marker {}", f.location());
        continue;
      }
      boolean old = nowMillis - m.createdMillis() > SWEEP_AFTER_MILLIS;
      boolean changeMoved = !Objects.equals(changeNow, m.changeState());
      boolean rejectedMoved = !m.writeRejects() || !Objects.equals(rejectedNow, m.rejectedState());
      if (old && changeMoved && rejectedMoved) {
        cleanUp(change, rejected, m);
        swept++;
      }
    }
    return swept;
  }

  private static int cleanUp(Table change, Table rejected, Marker plan) {
    Set<String> committed = new HashSet<>();
    boolean known = committedBy(change, plan.planId(), plan.changeState(), committed)
        & committedBy(rejected, plan.planId(), plan.rejectedState(), committed);
    if (!known) {
      // the snapshot the plan started from is expired: what it committed cannot be told apart; keep everything
      LOG.warn("silver: plan {} is older than the tables' snapshot history; its files are left in place",
          plan.planId());
      return 0;
    }
    int deleted = deleteUnreferenced(change, planPrefix(change, plan.planId()), committed)
        + deleteUnreferenced(rejected, planPrefix(rejected, plan.planId()), committed);
    try {
      change.io().deleteFile(markerPrefix(change) + plan.planId());
    } catch (RuntimeException e) {
      LOG.warn("silver: cannot delete plan marker {}: {}", plan.planId(), e.toString());
    }
    return deleted;
  }

  /**
   * Adds the data files that snapshots with this plan id added, searching from the head back to the snapshot the
   * plan started from; false if that snapshot is not in the table's history any more.
   */
  private static boolean committedBy(Table table, String planId, Long startState, Set<String> into) {
    table.refresh();
    Snapshot head = table.currentSnapshot();
    if (head == null) return startState == null;
    boolean reachedStart = startState == null;
    for (Snapshot s : SnapshotUtil.ancestorsOf(head.snapshotId(), table::snapshot)) {
      if (startState != null && s.snapshotId() == startState) {
        reachedStart = true;
        break;
      }
      if (planId.equals(s.summary().get(PLAN_ID))) {
        for (DataFile f : SnapshotChanges.builderFor(table).snapshot(s).build().addedDataFiles()) {
          into.add(sameForm(f.location()));
        }
      }
    }
    return reachedStart;
  }

  private static int deleteUnreferenced(Table table, String prefix, Set<String> keep) {
    if (!(table.io() instanceof SupportsPrefixOperations io)) return 0;
    List<String> doomed = new ArrayList<>();
    for (FileInfo f : io.listPrefix(prefix + "/")) {
      if (!keep.contains(sameForm(f.location()))) doomed.add(f.location());
    }
    try {
      if (table.io() instanceof SupportsBulkOperations bulk) {
        bulk.deleteFiles(doomed); // one request per thousand objects on S3
      } else {
        doomed.forEach(table.io()::deleteFile);
      }
    } catch (RuntimeException e) {
      LOG.warn("silver: cannot delete all uncommitted files under {}: {}", prefix, e.toString());
    }
    return doomed.size();
  }

  /** A location in one form whichever way it was spelled ({@code file:/x} and {@code file:///x} are one file). */
  private static String sameForm(String location) {
    return location.startsWith("file:") ? LocalFileIO.toPath(location).toString() : location;
  }

  static Long stateId(Table table) {
    return SnapshotProperties.stateSnapshot(table).map(Snapshot::snapshotId).orElse(null);
  }

  private static String read(FileIO io, String location) {
    try (var in = io.newInputFile(location).newStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package dev.poslake.activities.etl.snapshot;

import dev.poslake.catalog.io.CommitLocks;
import dev.poslake.catalog.io.SnapshotProperties;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotAncestryValidator;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * Exactly once per file version and table, for commits that hold many versions (a file group's). A commit
 * carries one summary key per version it holds ({@link SnapshotSummaryKeys#FILE_PREFIX}); a version is committed
 * to a table if any non-replace snapshot in the table's history carries it (older releases' single-version keys
 * count too). {@link #appendOnce} checks which of the group's versions the table already has, appends only the
 * others, and validates at commit time (on Iceberg's newest metadata, at each retry) that no snapshot committed
 * since the check holds any of them; if one does, it checks again. Commits of other versions (other groups running
 * in parallel) do not fail it: unlike a whole-table guard, parallel groups do not serialize on each other.
 */
final class FileVersionCommits {
  static final int ATTEMPTS = 20;

  private FileVersionCommits() {}

  /** What to commit for the versions still missing: their data files and extra summary entries. */
  interface Content {
    /** Data files of these versions (written before, or now: the ledger writes its rows here). */
    List<DataFile> files(List<FileVersion> missing);

    /** Extra summary properties for these versions (e.g. their stores). */
    Map<String, String> summary(List<FileVersion> missing);

    /** Deletes files written for versions that turned out committed by someone else (best effort). */
    void discard(List<DataFile> files);
  }

  /** The versions (of {@code wanted}) this table's history holds; {@code withEtag}: ledger rows match the ETag too. */
  static Set<FileVersion> committed(Table table, Collection<FileVersion> wanted, boolean withEtag) {
    Set<FileVersion> found = new LinkedHashSet<>();
    Snapshot current = table.currentSnapshot();
    if (current == null || wanted.isEmpty()) return found;
    for (Snapshot s : SnapshotUtil.ancestorsOf(current.snapshotId(), table::snapshot)) {
      if (SnapshotProperties.isReplace(s)) continue;
      for (FileVersion v : wanted) {
        if (!found.contains(v) && holds(s, v, withEtag)) found.add(v);
      }
      if (found.size() == wanted.size()) break;
    }
    return found;
  }

  /**
   * Appends the content of the versions of {@code versions} that the table does not have yet, in one commit.
   * Returns the versions this call committed (empty if all were there already).
   *
   * @param beforeCommit runs after the check, right before each commit attempt (a test seam for interleavings)
   */
  static List<FileVersion> appendOnce(Table table, List<FileVersion> versions, boolean withEtag, Content content,
      Runnable beforeCommit) {
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      table.refresh();
      Snapshot checked = table.currentSnapshot();
      Set<FileVersion> done = committed(table, versions, withEtag);
      List<FileVersion> missing = new ArrayList<>();
      for (FileVersion v : versions) if (!done.contains(v)) missing.add(v);
      if (missing.isEmpty()) return List.of();
      List<DataFile> files = content.files(missing);
      Map<String, String> summary = new HashMap<>(content.summary(missing));
      summary.put(SnapshotSummaryKeys.FILES, Integer.toString(missing.size()));
      for (FileVersion v : missing) {
        summary.put(SnapshotSummaryKeys.FILE_PREFIX + v.key(), v.sha256());
        if (withEtag && v.etag() != null) summary.put(SnapshotSummaryKeys.ETAG_PREFIX + v.key(), v.etag());
      }
      AppendFiles append = table.newAppend()
          .validateWith(new NoneCommittedSince(checked == null ? null : checked.snapshotId(), missing, withEtag));
      files.forEach(append::appendFile);
      summary.forEach(append::set);
      beforeCommit.run();
      try {
        synchronized (CommitLocks.of(table)) {
          append.commit();
        }
        return missing;
      } catch (ValidationException concurrent) {
        content.discard(files); // another attempt committed some of them: decide again
      }
    }
    throw new IllegalStateException("could not append to " + table.name() + " after " + ATTEMPTS
        + " attempts: too many concurrent commits of the same files; retry");
  }

  /** True if snapshot {@code s} holds version {@code v} (this release's keys or an older release's). */
  static boolean holds(Snapshot s, FileVersion v, boolean withEtag) {
    Map<String, String> sum = s.summary();
    if (v.sha256().equals(sum.get(SnapshotSummaryKeys.FILE_PREFIX + v.key()))) {
      return !withEtag || Objects.equals(v.etag(), sum.get(SnapshotSummaryKeys.ETAG_PREFIX + v.key()));
    }
    return v.key().equals(sum.get(SnapshotSummaryKeys.SOURCE_FILE))
        && v.sha256().equals(sum.get(SnapshotSummaryKeys.SOURCE_SHA256))
        && (!withEtag || Objects.equals(v.etag(), sum.get(SnapshotSummaryKeys.SOURCE_ETAG)));
  }

  /** Fails the commit if a snapshot newer than the checked one holds any of the versions being committed. */
  private static final class NoneCommittedSince implements SnapshotAncestryValidator {
    private final Long checked;
    private final List<FileVersion> versions;
    private final boolean withEtag;
    private String conflict;

    NoneCommittedSince(Long checked, List<FileVersion> versions, boolean withEtag) {
      this.checked = checked;
      this.versions = versions;
      this.withEtag = withEtag;
    }

    @Override
    public boolean validate(Iterable<Snapshot> ancestors) {
      for (Snapshot s : ancestors) {
        if (checked != null && s.snapshotId() == checked) return true;
        if (SnapshotProperties.isReplace(s)) continue;
        for (FileVersion v : versions) {
          if (holds(s, v, withEtag)) {
            conflict = v.key() + " in snapshot " + s.snapshotId();
            return false;
          }
        }
      }
      return true; // the checked snapshot is gone from the history (rolled back): everything was looked at
    }

    @Override
    public String errorMessage() {
      return "committed meanwhile by another attempt: " + conflict;
    }
  }

  /** Content written before the commit loop: each version's data files, kept across attempts. */
  static Content prewritten(Map<FileVersion, List<DataFile>> filesByVersion,
      Function<List<FileVersion>, Map<String, String>> summary) {
    return new Content() {
      @Override
      public List<DataFile> files(List<FileVersion> missing) {
        List<DataFile> out = new ArrayList<>();
        for (FileVersion v : missing) out.addAll(filesByVersion.getOrDefault(v, List.of()));
        return out;
      }

      @Override
      public Map<String, String> summary(List<FileVersion> missing) {
        return summary.apply(missing);
      }

      @Override
      public void discard(List<DataFile> files) {
        // kept for the next attempt; the caller deletes the files of versions that end up committed elsewhere
      }
    };
  }
}

package dev.poslake.catalog.io;

import java.util.Collection;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.io.FileIO;

/** Files written for a commit that will not happen (aborted writers). */
public final class UncommittedFiles {
  private UncommittedFiles() {}

  /** Deletes them, best effort: an orphan file is harmless (never referenced by the table). */
  public static void deleteQuietly(FileIO io, Collection<? extends ContentFile<?>> files) {
    for (ContentFile<?> f : files) {
      try {
        io.deleteFile(f.location());
      } catch (RuntimeException ignored) {
        // left as an orphan
      }
    }
  }
}

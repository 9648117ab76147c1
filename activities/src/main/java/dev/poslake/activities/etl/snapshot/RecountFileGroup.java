package dev.poslake.activities.etl.snapshot;

import java.util.List;

/** The recount objects one ingest activity reads and commits together (activity payload). */
public record RecountFileGroup(int index, List<RecountObject> files) {
  public RecountFileGroup {
    files = List.copyOf(files);
  }

  public long bytes() {
    return files.stream().mapToLong(RecountObject::size).sum();
  }
}

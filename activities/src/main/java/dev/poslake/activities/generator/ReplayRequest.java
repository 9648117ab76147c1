package dev.poslake.activities.generator;

import java.util.List;

/** Files (paths on the worker's machine) to replay: demo change CSVs and snapshot CSVs. */
public record ReplayRequest(List<String> changeFiles, List<String> snapshotFiles) {
  public ReplayRequest {
    changeFiles = changeFiles == null ? List.of() : List.copyOf(changeFiles);
    snapshotFiles = snapshotFiles == null ? List.of() : List.copyOf(snapshotFiles);
  }
}

package dev.poslake.activities.generator;

/** Where recount files go (object storage in production, memory in tests). Returns the object key written. */
public interface SnapshotWriter {
  String write(RecountEvent recount);
}

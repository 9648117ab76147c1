package dev.poslake.ops.pipeline;

import dev.poslake.activities.rebuild.RebuildStatus;
import java.util.List;

/**
 * The pipeline picture's data: every node, the arrows between them, and the newest rebuild.
 *
 * @param rebuild the newest rebuild's status (in progress or finished), null if there was none
 */
public record PipelineView(long measuredAtMillis, List<PipelineNode> nodes, List<Edge> edges,
    RebuildStatus rebuild) {

  /** Data flows from {@code from} to {@code to}; {@code rejects}: into a quarantine table. */
  public record Edge(String from, String to, boolean rejects) {}

  public PipelineNode node(String id) {
    return nodes.stream().filter(n -> n.id().equals(id)).findFirst().orElseThrow();
  }
}

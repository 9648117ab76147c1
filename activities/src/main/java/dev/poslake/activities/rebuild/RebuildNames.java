package dev.poslake.activities.rebuild;

import org.apache.iceberg.catalog.Namespace;

/** How a rebuild names what it creates, so that a later rebuild finds and removes what an earlier one left. */
public final class RebuildNames {
  /** Every rebuild branch starts with it: {@code rebuild-<id>}. */
  public static final String BRANCH_PREFIX = "rebuild-";
  private static final String NAMESPACE_INFIX = "_rebuild_";

  private RebuildNames() {}

  public static String branch(String rebuildId) {
    return BRANCH_PREFIX + rebuildId;
  }

  /** The staging namespace next to the pipeline's: {@code <namespace>_rebuild_<id>}. */
  public static Namespace staging(Namespace pipeline, String rebuildId) {
    return Namespace.of(pipeline.level(pipeline.length() - 1) + NAMESPACE_INFIX + rebuildId);
  }

  /** The rebuild id of a staging namespace of this pipeline, or null if it is none. */
  public static String rebuildIdOf(Namespace pipeline, Namespace candidate) {
    String prefix = pipeline.level(pipeline.length() - 1) + NAMESPACE_INFIX;
    if (candidate.length() != 1 || !candidate.level(0).startsWith(prefix)) return null;
    return candidate.level(0).substring(prefix.length());
  }
}

package dev.poslake.ops.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.activities.rebuild.RebuildStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelinePictureTest {
  private static final long NOW = 1_800_000_000_000L;

  private static PipelineView view(RebuildStatus rebuild) {
    Map<String, TableStats> stats = new HashMap<>();
    stats.put("raw_inventory_change", new TableStats(1234L, NOW - 30_000));
    return PipelineState.assemble("pos.<topic>", stats, 5L, null, List.of(), rebuild, NOW);
  }

  @Test
  void everyNodeIsDrawnWithItsCountAndHealthAndTextIsEscaped() {
    String html = PipelinePicture.html(view(null));
    for (PipelineState.Spec s : PipelineState.SPECS) {
      assertTrue(html.contains("id=\"node-" + s.id() + "\""), s.id());
    }
    assertTrue(html.contains("<g class=\"node ok\" id=\"node-bronze\" data-health=\"ok\" data-rows=\"1234\" data-commit=\"" + (NOW - 30_000) + "\">"),
        html);
    assertTrue(html.contains("rows 1,234") && html.contains("committed 30 s ago") && html.contains("Kafka lag 5 "),
        html);
    assertTrue(html.contains("pos.&lt;topic&gt;") && !html.contains("pos.<topic>"), "the topic name is escaped");
    assertEquals(8, html.split("<line ", -1).length - 1, "one arrow per edge");
    assertFalse(html.contains("rebuild-banner") || html.contains("rebuild-last"), "no rebuild, no banner");
  }

  @Test
  void aRebuildInProgressIsABannerAndMarksItsNodesAFinishedOneALine() {
    RebuildStatus going = new RebuildStatus("rb-7", "pos-rebuild-rb-7", List.of("raw_inventory_change"),
        RebuildStatus.CHECKING, true, NOW - 120_000, NOW - 60_000, null);
    String html = PipelinePicture.html(view(going));
    assertTrue(html.contains("id=\"rebuild-banner\" data-phase=\"checking\"") && html.contains("rb-7")
        && html.contains("dry run") && html.contains("started 2.0 min ago"), html);
    assertTrue(html.contains("class=\"node ok rebuilding\" id=\"node-bronze\""), html);
    String failed = PipelinePicture.html(view(going.at(RebuildStatus.FAILED, NOW - 3_600_000, "check <failed>")));
    assertTrue(failed.contains("id=\"rebuild-last\" data-phase=\"failed\"") && failed.contains("1.0 h ago")
        && failed.contains("check &lt;failed&gt;"), failed);
    assertFalse(failed.contains("rebuild-banner") || failed.contains(" rebuilding\""), failed);
  }
}

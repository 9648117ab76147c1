package dev.poslake.ops.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class RunLinksTest {
  @Test
  void theTemporalWebUiLinkNamesNamespaceWorkflowAndRun() {
    RunLinks links = new RunLinks("http://localhost:8233", "default");
    assertEquals("http://localhost:8233/namespaces/default/workflows/pos-etl-20261125T101500Z-7/abc-123/history",
        links.temporal("pos-etl-20261125T101500Z-7", "abc-123"));
    assertEquals("http://ui/namespaces/my%20ns/workflows/a%3Fb/r%2F1/history",
        new RunLinks("http://ui", "my ns").temporal("a?b", "r/1"), "ids are escaped as path segments");
  }

  @Test
  void noUiNoLinkButAlwaysAHistoryPage() {
    assertNull(new RunLinks("", "default").temporal("w", "r"));
    assertNull(new RunLinks("http://ui", null).temporal("w", "r"), "no Temporal client: namespace unknown");
    assertNull(new RunLinks("http://ui", "default").temporal("w", null));
    assertEquals("/runs/pos-etl-1/history", RunLinks.history("pos-etl-1"));
    assertEquals("/runs/a%2Fb/history", RunLinks.history("a/b"));
  }
}

package dev.poslake.ops.pipeline;

import com.google.common.escape.Escaper;
import com.google.common.html.HtmlEscapers;
import dev.poslake.activities.rebuild.RebuildStatus;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * Draws a {@link PipelineView} as HTML: the rebuild banner (or the last rebuild's result) and an inline SVG of
 * the nodes and arrows, coloured by health. Rendered on the server, so the picture needs no script and no
 * network; the page's CSS gives the colours ({@code .node.ok}, ...).
 */
public final class PipelinePicture {
  static final int WIDTH = 1130;
  static final int HEIGHT = 410;
  static final int NODE_W = 230;
  static final int NODE_H = 116;
  private static final int[] COLUMNS = {10, 290, 570, 880};
  private static final int[] ROWS = {20, 150, 280};
  /** Node id -> {column, row} on the grid: Kafka's path on top, the recount files' below, quarantine between. */
  private static final Map<String, int[]> GRID = Map.of(
      "kafka", new int[] {0, 0}, "bronze", new int[] {1, 0}, "silver", new int[] {2, 0},
      "silver_rejects", new int[] {2, 1}, "gold", new int[] {3, 1},
      "recount_files", new int[] {0, 2}, "snapshots", new int[] {1, 2}, "snapshot_rejects", new int[] {1, 1},
      "latest", new int[] {2, 2});
  private static final Escaper HTML = HtmlEscapers.htmlEscaper();

  private PipelinePicture() {}

  public static String html(PipelineView v) {
    StringBuilder b = new StringBuilder();
    rebuild(b, v.rebuild(), v.measuredAtMillis());
    b.append("<svg id=\"pipeline-svg\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
        .append("\" width=\"100%\" role=\"img\" aria-label=\"pipeline\">")
        .append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" "
            + "markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0 0L10 5L0 10z\" fill=\"#7b8494\"/>"
            + "</marker></defs>");
    for (PipelineView.Edge e : v.edges()) edge(b, e);
    for (PipelineNode n : v.nodes()) node(b, n, v.measuredAtMillis());
    b.append("</svg>");
    b.append("<div class=\"legend\"><span><i class=\"h-ok\"></i>ok</span><span><i class=\"h-stale\"></i>stale: "
        + "lag, freshness or new rejects above the line</span><span><i class=\"h-failing\"></i>failing: the last ETL "
        + "run failed here</span><span><i class=\"h-unknown\"></i>no data yet</span><span><i class=\"h-rebuilding\">"
        + "</i>being rebuilt</span></div>");
    return b.toString();
  }

  private static void rebuild(StringBuilder b, RebuildStatus r, long now) {
    if (r == null) return;
    String tables = String.join(", ", r.tables());
    if (r.inProgress()) {
      b.append("<div class=\"rebuild-banner\" id=\"rebuild-banner\" data-phase=\"").append(esc(r.phase()))
          .append("\">Rebuild <b id=\"rebuild-id\">").append(esc(r.rebuildId())).append("</b> in progress: phase <b>")
          .append(esc(r.phase())).append("</b> · tables <b>").append(esc(tables)).append("</b>")
          .append(r.dryRun() ? " · <b>dry run</b> (nothing is published)" : "")
          .append(" · started ").append(ago(now - r.startedAtMillis())).append(" · workflow ")
          .append(esc(r.workflowId())).append("</div>");
    } else {
      b.append("<div class=\"rebuild-last\" id=\"rebuild-last\" data-phase=\"").append(esc(r.phase()))
          .append("\">Last rebuild ").append(esc(r.rebuildId())).append(" (").append(esc(tables))
          .append(r.dryRun() ? ", dry run" : "").append("): <span class=\"rb-").append(esc(r.phase())).append("\">")
          .append(esc(r.phase())).append("</span> ").append(ago(now - r.updatedAtMillis()))
          .append(r.error() == null ? "" : ": " + esc(r.error())).append("</div>");
    }
  }

  private static void edge(StringBuilder b, PipelineView.Edge e) {
    int[] from = GRID.get(e.from());
    int[] to = GRID.get(e.to());
    int x1;
    int y1;
    int x2;
    int y2;
    if (from[0] == to[0]) { // same column: top or bottom edge
      x1 = x2 = COLUMNS[from[0]] + NODE_W / 2;
      boolean down = to[1] > from[1];
      y1 = ROWS[from[1]] + (down ? NODE_H : 0);
      y2 = ROWS[to[1]] + (down ? 0 : NODE_H);
    } else { // to the right; two arrows into one node meet it at different heights
      x1 = COLUMNS[from[0]] + NODE_W;
      y1 = ROWS[from[1]] + NODE_H / 2;
      x2 = COLUMNS[to[0]];
      y2 = ROWS[to[1]] + NODE_H / 2 + Integer.signum(from[1] - to[1]) * NODE_H / 4;
    }
    b.append("<line class=\"edge").append(e.rejects() ? " rejects" : "").append("\" x1=\"").append(x1)
        .append("\" y1=\"").append(y1).append("\" x2=\"").append(x2).append("\" y2=\"").append(y2)
        .append("\" marker-end=\"url(#arrow)\"/>");
  }

  private static void node(StringBuilder b, PipelineNode n, long now) {
    int[] cell = GRID.get(n.id());
    int x = COLUMNS[cell[0]];
    int y = ROWS[cell[1]];
    b.append("<g class=\"node ").append(n.health()).append(n.rebuilding() ? " rebuilding" : "")
        .append("\" id=\"node-").append(n.id()).append("\" data-health=\"").append(n.health()).append('"');
    if (n.rows() != null) b.append(" data-rows=\"").append(n.rows()).append('"');
    if (n.lastCommitMillis() != null) b.append(" data-commit=\"").append(n.lastCommitMillis()).append('"');
    b.append("><title>").append(esc(n.table() + ": " + n.reason()
        + (n.lastCommitMillis() == null ? "" : ", last commit " + Instant.ofEpochMilli(n.lastCommitMillis()))))
        .append("</title>");
    if (n.rebuilding()) {
      b.append("<rect class=\"rebuild-mark\" x=\"").append(x - 5).append("\" y=\"").append(y - 5)
          .append("\" width=\"").append(NODE_W + 10).append("\" height=\"").append(NODE_H + 10)
          .append("\" rx=\"10\"/><text class=\"rebuild-tag\" x=\"").append(x + NODE_W - 4).append("\" y=\"")
          .append(y - 8).append("\" text-anchor=\"end\">rebuilding</text>");
    }
    b.append("<rect class=\"box\" x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"").append(NODE_W)
        .append("\" height=\"").append(NODE_H).append("\" rx=\"7\"/>");
    text(b, x + 10, y + 19, "title", n.label());
    b.append("<text class=\"badge\" x=\"").append(x + NODE_W - 10).append("\" y=\"").append(y + 19)
        .append("\" text-anchor=\"end\">").append(esc(n.health())).append("</text>");
    text(b, x + 10, y + 36, "table", n.table());
    int line = y + 55;
    if (n.step() != null) {
      String what = "recount_files".equals(n.id()) ? "files ingested " : "rows ";
      text(b, x + 10, line, "rows", n.rows() == null ? "no commit yet" : what + count(n.rows()));
      line += 16;
      if (n.lastCommitMillis() != null) {
        text(b, x + 10, line, "commit", "committed " + ago(now - n.lastCommitMillis()));
        line += 16;
      }
    }
    String metric = metric(n);
    if (metric != null) {
      text(b, x + 10, line, "metric", metric);
      line += 16;
    }
    if (!"ok".equals(n.health())) text(b, x + 10, line, "reason", shorten(n.reason(), 34));
    b.append("</g>");
  }

  /** The node's own figure: lag, freshness or rejects. */
  private static String metric(PipelineNode n) {
    if ("kafka".equals(n.id()) || "bronze".equals(n.id())) {
      return "Kafka lag " + (n.lagRecords() == null ? "–" : count(n.lagRecords()) + " records");
    }
    if ("gold".equals(n.id())) {
      return "freshness " + (n.freshnessMillis() == null ? "–" : duration(n.freshnessMillis()));
    }
    if (n.rejects() == null && n.rejectsLastRun() == null) return null;
    String last = n.rejectsLastRun() == null ? "" : " (+" + count(n.rejectsLastRun()) + " last run)";
    return "rejects " + (n.rejects() == null ? "0" : count(n.rejects())) + last;
  }

  private static void text(StringBuilder b, int x, int y, String cls, String s) {
    b.append("<text class=\"").append(cls).append("\" x=\"").append(x).append("\" y=\"").append(y).append("\">")
        .append(esc(s)).append("</text>");
  }

  static String ago(long millis) {
    return duration(Math.max(0, millis)) + " ago";
  }

  static String duration(long millis) {
    if (millis < 60_000) return millis / 1000 + " s";
    if (millis < 3_600_000) return String.format(Locale.ROOT, "%.1f min", millis / 60_000.0);
    if (millis < 172_800_000) return String.format(Locale.ROOT, "%.1f h", millis / 3_600_000.0);
    return millis / 86_400_000 + " d";
  }

  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private static String shorten(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }

  private static String esc(String s) {
    return s == null ? "" : HTML.escape(s);
  }
}

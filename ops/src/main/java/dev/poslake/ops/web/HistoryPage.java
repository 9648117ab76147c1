package dev.poslake.ops.web;

import com.google.common.escape.Escaper;
import com.google.common.html.HtmlEscapers;
import dev.poslake.ops.history.RunHistory;
import dev.poslake.ops.runs.RunRow;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A run's history as a page, what {@code pos ops history <workflowId>} prints: the activities from the Temporal
 * history (attempts, worker, unit, error, timings) and the run's rows in the run log {@code pipeline_runs}.
 */
final class HistoryPage {
  private static final Escaper HTML = HtmlEscapers.htmlEscaper();

  private HistoryPage() {}

  /**
   * @param history the Temporal history, null if it could not be read
   * @param temporalLink the run in the Temporal Web UI, null for none
   */
  static String body(String workflowId, RunHistory.Run history, String historyProblem, List<RunRow> logged,
      String temporalLink) {
    StringBuilder b = new StringBuilder();
    b.append("<h1>Run ").append(esc(workflowId)).append("</h1><p><a href=\"/\">← ops page</a>");
    if (temporalLink != null) {
      b.append(" · <a id=\"temporal-link\" href=\"").append(esc(temporalLink))
          .append("\" target=\"_blank\" rel=\"noopener\">in the Temporal Web UI</a>");
    }
    b.append("</p>");
    if (history == null) {
      b.append("<p class=\"empty\">Temporal history unavailable: ").append(esc(historyProblem)).append("</p>");
    } else {
      b.append("<p id=\"history-summary\">").append(esc(history.workflowType())).append(" · run ")
          .append(esc(history.runId())).append(" · <b class=\"").append(esc(history.status())).append("\">")
          .append(esc(history.status())).append("</b> · started ").append(esc(str(history.startedAt())))
          .append(" · closed ").append(esc(history.closedAt() == null ? "–" : str(history.closedAt()))).append("</p>");
      b.append("<h2>Activities (Temporal history)</h2>");
      table(b, "activities", List.of("activity", "unit", "status", "attempts", "millis", "worker", "scheduled_at",
          "closed_at", "error"), history.activities().stream().map(a -> Arrays.<Object>asList(a.activityType(),
          a.unit(), a.status(), a.attempts(), a.millis(), a.worker(), a.scheduledAt(), a.closedAt(), a.error()))
          .toList());
    }
    b.append("<h2>Steps (pipeline_runs)</h2>");
    table(b, "steps", List.of("step", "status", "millis", "rows_in", "rows_out", "rejects", "offsets", "worker",
        "error"), logged.stream().map(r -> Arrays.<Object>asList(r.step() == null ? "(run)" : r.step(), r.status(),
        r.millis(), r.rowsIn(), r.rowsOut(), r.rejects(), r.offsets(), r.worker(), r.error())).toList());
    return b.toString();
  }

  private static void table(StringBuilder b, String id, List<String> columns, List<List<Object>> rows) {
    b.append("<table id=\"").append(id).append("\"><thead><tr>");
    columns.forEach(c -> b.append("<th>").append(esc(c)).append("</th>"));
    b.append("</tr></thead><tbody>");
    if (rows.isEmpty()) {
      b.append("<tr><td colspan=\"").append(columns.size()).append("\" class=\"empty\">none</td></tr>");
    }
    for (List<Object> row : rows) {
      b.append("<tr>");
      row.forEach(v -> b.append("<td>").append(esc(str(v))).append("</td>"));
      b.append("</tr>");
    }
    b.append("</tbody></table>");
  }

  private static String str(Object o) {
    return Objects.toString(o, "");
  }

  private static String esc(String s) {
    return s == null ? "" : HTML.escape(s);
  }
}

package dev.poslake.ops.web;

import com.google.common.escape.Escaper;
import com.google.common.net.UrlEscapers;

/**
 * Where a run row links to: its history page on this server, and the run in the Temporal Web UI when
 * {@code TEMPORAL_UI_URL} is set.
 *
 * @param temporalUiUrl the Web UI's address without trailing slash, empty for none
 * @param namespace the Temporal namespace of the pipeline's workflows, null if unknown
 */
record RunLinks(String temporalUiUrl, String namespace) {
  private static final Escaper SEGMENT = UrlEscapers.urlPathSegmentEscaper();
  static final String HISTORY_PREFIX = "/runs/";
  static final String HISTORY_SUFFIX = "/history";

  static String history(String workflowId) {
    return HISTORY_PREFIX + SEGMENT.escape(workflowId) + HISTORY_SUFFIX;
  }

  /** {@code <TEMPORAL_UI_URL>/namespaces/<ns>/workflows/<workflowId>/<runId>/history}, or null without a UI. */
  String temporal(String workflowId, String runId) {
    if (temporalUiUrl == null || temporalUiUrl.isEmpty() || namespace == null || workflowId == null
        || runId == null) {
      return null;
    }
    return temporalUiUrl + "/namespaces/" + SEGMENT.escape(namespace) + "/workflows/" + SEGMENT.escape(workflowId)
        + "/" + SEGMENT.escape(runId) + "/history";
  }
}

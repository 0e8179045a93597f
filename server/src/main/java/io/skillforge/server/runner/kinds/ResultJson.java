package io.skillforge.server.runner.kinds;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.skills.dataset.ReadReport;
import io.skillforge.skills.dataset.Rejection;
import io.skillforge.synthesis.teacher.TeacherUsage;

/** Pieces of job results as JSON, the same in every kind. */
final class ResultJson {
  static final ObjectMapper JSON = new ObjectMapper();

  private ResultJson() {}

  static ObjectNode object() {
    return JSON.createObjectNode();
  }

  /** {@code {accepted, rejected, rejections: [{line, reason}]}}. */
  static ObjectNode read(ReadReport report) {
    ObjectNode node = object().put("accepted", report.accepted()).put("rejected", report.rejected());
    var list = node.putArray("rejections");
    for (Rejection r : report.rejections()) {
      list.addObject().put("line", r.line()).put("reason", r.reason());
    }
    return node;
  }

  /** What the teacher was asked and what it cost. */
  static ObjectNode usage(TeacherUsage u) {
    ObjectNode node = object()
        .put("calls", u.calls()).put("cacheHits", u.cacheHits()).put("httpCalls", u.httpCalls())
        .put("promptTokens", u.promptTokens()).put("completionTokens", u.completionTokens())
        .put("retries", u.retries()).put("repairs", u.repairs()).put("failedCalls", u.failedCalls())
        .put("failures", u.failures()).put("costDollars", u.costDollars());
    if (Double.isFinite(u.budgetDollars())) {
      node.put("budgetDollars", u.budgetDollars());
    } else {
      node.putNull("budgetDollars");
    }
    return node;
  }

  /** A number that JSON can carry: NaN and infinities become null. */
  static void putNumber(ObjectNode node, String field, double value) {
    if (Double.isFinite(value)) {
      node.put(field, value);
    } else {
      node.putNull(field);
    }
  }
}

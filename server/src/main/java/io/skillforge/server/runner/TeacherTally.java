package io.skillforge.server.runner;

import io.skillforge.synthesis.teacher.TeacherUsage;
import io.vertx.core.json.JsonObject;

/**
 * Teacher use summed over ledgers: calls through the pipeline, those answered by the response
 * cache, those that reached the provider, and the estimated cost.
 */
public record TeacherTally(long calls, long cacheHits, long httpCalls, double costDollars) {
  public static final TeacherTally NONE = new TeacherTally(0, 0, 0, 0);

  public static TeacherTally of(TeacherUsage usage) {
    return new TeacherTally(usage.calls(), usage.cacheHits(), usage.httpCalls(), usage.costDollars());
  }

  public TeacherTally plus(TeacherTally other) {
    return new TeacherTally(calls + other.calls, cacheHits + other.cacheHits, httpCalls + other.httpCalls,
        costDollars + other.costDollars);
  }

  public JsonObject toJson() {
    return new JsonObject().put("calls", calls).put("cacheHits", cacheHits).put("httpCalls", httpCalls)
        .put("costDollars", costDollars);
  }
}

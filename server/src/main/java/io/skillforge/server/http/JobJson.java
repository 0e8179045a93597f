package io.skillforge.server.http;

import io.skillforge.server.runner.JobView;
import io.skillforge.server.store.Artifact;
import io.skillforge.server.store.JobRecord;
import io.skillforge.server.store.StageProgress;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** A job as the API shows it. */
final class JobJson {
  private JobJson() {}

  /** The stored job alone (lists). */
  static JsonObject of(JobRecord r) {
    JsonObject job = new JsonObject().put("id", r.id()).put("kind", r.kind()).put("state", r.state().wireName())
        .put("attempts", r.attempts()).put("createdAt", time(r.createdAt())).put("startedAt", time(r.startedAt()))
        .put("finishedAt", time(r.finishedAt())).put("params", new JsonObject(r.params()));
    if (r.result() != null) {
      job.put("result", new JsonObject(r.result()));
    }
    if (r.error() != null) {
      job.put("error", new JsonObject(r.error()));
    }
    if (r.node() != null) {
      job.put("node", r.node());
    }
    String self = "/jobs/" + r.id();
    job.put("links", new JsonObject().put("self", self).put("events", self + "/events")
        .put("artifacts", self + "/artifacts"));
    return job;
  }

  /** The job with its progress (live, with rates, while it runs here), notes and artifacts. */
  static JsonObject of(JobView view) {
    JsonObject job = of(view.record());
    JsonArray progress = new JsonArray();
    if (view.live() != null) {
      progress = view.live().getJsonArray("progress").copy();
      for (int i = 0; i < progress.size(); i++) {
        JsonObject p = progress.getJsonObject(i);
        p.remove("type");
        p.remove("teacher");
      }
      job.put("teacher", view.live().getJsonObject("teacher"));
    } else {
      for (StageProgress p : view.progress()) {
        progress.add(new JsonObject().put("stage", p.stage()).put("done", p.done()).put("total", p.total())
            .put("unit", p.unit()).put("detail", p.detail()).put("updatedAt", time(p.updatedAt())));
      }
    }
    job.put("progress", progress);
    job.put("notes", new JsonArray(view.notes()));
    job.put("artifacts", artifacts(view.record().id(), view.artifacts()));
    return job;
  }

  static JsonArray artifacts(String id, java.util.List<Artifact> artifacts) {
    JsonArray list = new JsonArray();
    for (Artifact a : artifacts) {
      list.add(new JsonObject().put("name", a.name()).put("mediaType", a.mediaType()).put("bytes", a.bytes())
          .put("url", artifactUrl(id, a.name())));
    }
    return list;
  }

  static String artifactUrl(String id, String name) {
    return "/jobs/" + id + "/artifacts/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String time(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}

package io.skillforge.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.server.gaps.SkillGapHistory;
import io.skillforge.server.gaps.SkillGapReport;
import io.skillforge.server.gaps.Versions;
import io.skillforge.server.runner.kinds.SkillGapKind;
import io.skillforge.server.store.JobRecord;
import io.skillforge.server.workspace.Students;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code GET /students/{name}/skill-gaps?dataset=D}: the latest report of the student on the
 * dataset when it is fresh (the student and the dataset are what they were, and for an endpoint,
 * the report is younger than {@code maxAgeSeconds}, an hour unless given); otherwise a skill-gaps
 * job, queued now or already waiting, answered 202 with the job. The same URL gives the report once
 * the job has ended. A fresh report is served from memory after one look at the disk.
 */
final class SkillGapRoutes {
  /** How long an endpoint's report stays fresh unless the request says otherwise. */
  static final Duration ENDPOINT_MAX_AGE = Duration.ofHours(1);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What to answer: a fresh report, or the job that makes one. */
  private record Answer(SkillGapHistory.Stored report, JobRecord job) {}

  private final Backend backend;

  SkillGapRoutes(Backend backend) {
    this.backend = backend;
  }

  void mount(RouterBuilder builder) {
    builder.getRoute("skillGaps").addHandler(this::report);
  }

  private void report(RoutingContext ctx) {
    String student = ctx.pathParam("name");
    String dataset = ctx.queryParams().get("dataset");
    boolean html = "html".equals(ctx.queryParams().get("format"));
    String maxAge = ctx.queryParams().get("maxAgeSeconds");
    Http.blocking(ctx, () -> answer(student, dataset, maxAge == null ? null : Duration.ofSeconds(Long.parseLong(maxAge))))
        .onFailure(ctx::fail)
        .onSuccess(answer -> {
          if (answer.report() == null) {
            String url = "/jobs/" + answer.job().id();
            ctx.response().putHeader("Location", url).putHeader("Retry-After", "2");
            Http.json(ctx, 202, new JsonObject().put("status", "probing")
                .put("detail", "no fresh report of " + student + " on " + dataset + "; the job makes one, and this"
                    + " URL gives it once the job has ended")
                .put("job", JobJson.of(answer.job())));
          } else if (html) {
            ctx.response().putHeader("Content-Type", "text/html; charset=utf-8")
                .sendFile(answer.report().html().toString()).onFailure(ctx::fail);
          } else {
            Http.json(ctx, 200, Buffer.buffer(answer.report().json()));
          }
        });
  }

  private Answer answer(String student, String dataset, Duration maxAge) throws IOException {
    Students.Entry entry = backend.students.get(student);
    Path file = backend.workspace.dataset(dataset);
    String studentVersion = Versions.student(entry, backend.workspace.studentDir(student));
    String datasetVersion = Versions.dataset(file);
    Duration age = maxAge != null ? maxAge : entry.builtin() ? null : ENDPOINT_MAX_AGE;
    Optional<SkillGapHistory.Stored> latest = backend.skillGaps.latest(student, dataset);
    if (latest.isPresent() && fresh(latest.get().report(), studentVersion, datasetVersion, age)) {
      return new Answer(latest.get(), null);
    }
    synchronized (backend.skillGaps) {
      for (JobRecord job : backend.scheduler.unfinished(SkillGapKind.NAME)) {
        JsonObject params = new JsonObject(job.params());
        if (student.equals(params.getString("student")) && dataset.equals(params.getString("dataset"))) {
          return new Answer(null, job);
        }
      }
      ObjectNode body = JSON.createObjectNode().put("kind", SkillGapKind.NAME).put("student", student)
          .put("dataset", dataset);
      return new Answer(null, backend.scheduler.submit(body));
    }
  }

  private static boolean fresh(SkillGapReport report, String studentVersion, String datasetVersion, Duration age) {
    return report.studentVersion().equals(studentVersion) && report.datasetVersion().equals(datasetVersion)
        && (age == null || report.createdAt().plus(age).isAfter(Instant.now()));
  }
}

package io.skillforge.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.server.runner.JobView;
import io.skillforge.server.workspace.SafeNames;
import io.skillforge.server.store.Artifact;
import io.skillforge.server.store.JobRecord;
import io.skillforge.server.store.JobState;
import io.skillforge.skills.errors.BadInputException;
import io.skillforge.skills.errors.NotFoundException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.io.IOException;
import java.nio.file.Path;

/** {@code /jobs}: submit, list, show, cancel, artifacts. */
final class JobRoutes {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** An artifact found on disk. */
  private record Found(Path file, String mediaType) {}

  private final Backend backend;

  JobRoutes(Backend backend) {
    this.backend = backend;
  }

  void mount(RouterBuilder builder, EventStream events) {
    builder.getRoute("submitJob").addHandler(this::submit);
    builder.getRoute("listJobs").addHandler(this::list);
    builder.getRoute("getJob").addHandler(this::get);
    builder.getRoute("cancelJob").addHandler(this::cancel);
    builder.getRoute("jobEvents").addHandler(events::job);
    builder.getRoute("allEvents").addHandler(events::all);
    builder.getRoute("listArtifacts").addHandler(this::artifacts);
    builder.getRoute("getArtifact").addHandler(this::artifact);
  }

  void submit(RoutingContext ctx) {
    submit(ctx, body(ctx));
  }

  /** Accepts {@code body} as a job: 202 with the job and its Location. */
  void submit(RoutingContext ctx, ObjectNode body) {
    Http.blocking(ctx, () -> backend.scheduler.submit(body)).onFailure(ctx::fail).onSuccess(record -> {
      ctx.response().putHeader("Location", "/jobs/" + record.id());
      Http.json(ctx, 202, JobJson.of(record));
    });
  }

  static ObjectNode body(RoutingContext ctx) {
    try {
      JsonNode node = JSON.readTree(ctx.body().buffer().getBytes());
      if (!(node instanceof ObjectNode object)) {
        throw new BadInputException("the request body must be a JSON object");
      }
      return object;
    } catch (IOException e) {
      throw new BadInputException("the request body is not JSON: " + e.getMessage(), e);
    }
  }

  private void list(RoutingContext ctx) {
    String state = ctx.queryParams().get("state");
    String limit = ctx.queryParams().get("limit");
    Http.respond(ctx, 200, () -> {
      JsonArray jobs = new JsonArray();
      for (JobRecord r : backend.scheduler.list(state == null ? null : JobState.fromWire(state),
          limit == null ? 100 : Integer.parseInt(limit))) {
        JsonObject job = JobJson.of(r);
        if (r.state() == JobState.SUCCEEDED) {
          job.put("artifacts", JobJson.artifacts(r.id(), backend.scheduler.artifacts(r.id())));
        }
        jobs.add(job);
      }
      return new JsonObject().put("jobs", jobs);
    });
  }

  private void get(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Http.respond(ctx, 200, () -> JobJson.of(view(id)));
  }

  private void cancel(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Http.respond(ctx, 202, () -> {
      backend.scheduler.cancel(id);
      return JobJson.of(view(id));
    });
  }

  private void artifacts(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Http.respond(ctx, 200, () -> new JsonObject().put("artifacts", JobJson.artifacts(id, view(id).artifacts())));
  }

  private void artifact(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    String name = ctx.pathParam("name");
    Http.blocking(ctx, () -> {
      JobView view = view(id);
      Artifact artifact = view.artifacts().stream().filter(a -> a.name().equals(name)).findFirst().orElse(null);
      if (artifact == null) {
        SafeNames.resolveInside(backend.workspace.jobDir(id), name, "artifact"); // refuses an escaping name
        throw new NotFoundException("job " + id + " has no artifact '" + name + "'");
      }
      return new Found(SafeNames.resolveInside(backend.workspace.jobDir(id), artifact.name(), "artifact"),
          artifact.mediaType());
    }).onFailure(ctx::fail).onSuccess(found -> {
      Path file = found.file();
      ctx.response().putHeader("Content-Type", found.mediaType())
          .putHeader("Content-Disposition", "inline; filename=\"" + file.getFileName() + "\"")
          .sendFile(file.toString()).onFailure(ctx::fail);
    });
  }

  private JobView view(String id) {
    return backend.scheduler.view(id).orElseThrow(() -> new NotFoundException("no job " + id));
  }
}

package io.skillforge.server.http;

import io.skillforge.server.workspace.Students;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** {@code /students}: built-in checkpoints and registered endpoints. */
final class StudentRoutes {
  private final Backend backend;
  private final StudentMounts mounts;

  StudentRoutes(Backend backend, StudentMounts mounts) {
    this.backend = backend;
    this.mounts = mounts;
  }

  void mount(RouterBuilder builder) {
    builder.getRoute("listStudents").addHandler(this::list);
    builder.getRoute("registerStudent").addHandler(this::register);
    builder.getRoute("getStudent").addHandler(this::get);
    builder.getRoute("deleteStudent").addHandler(this::delete);
  }

  static JsonObject json(Students.Entry e) {
    JsonObject json = new JsonObject().put("name", e.name()).put("kind", e.kind());
    if (e.builtin()) {
      json.put("api", "/students/" + e.name() + "/v1");
    } else {
      json.put("baseUrl", e.baseUrl().toString()).put("model", e.model()).put("api", e.api());
    }
    return json.put("skillGaps", "/students/" + e.name() + "/skill-gaps");
  }

  private void list(RoutingContext ctx) {
    Http.respond(ctx, 200, () -> {
      JsonArray list = new JsonArray();
      backend.students.list().forEach(e -> list.add(json(e)));
      return new JsonObject().put("students", list);
    });
  }

  private void register(RoutingContext ctx) {
    JsonObject body = ctx.body().asJsonObject();
    Http.blocking(ctx, () -> json(backend.students.register(body.getString("name"), body.getString("baseUrl"),
        body.getString("model"), body.getString("api")))).onFailure(ctx::fail).onSuccess(student -> {
          ctx.response().putHeader("Location", "/students/" + student.getString("name"));
          Http.json(ctx, 201, student);
        });
  }

  private void get(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    Http.respond(ctx, 200, () -> json(backend.students.get(name)));
  }

  private void delete(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    Http.blocking(ctx, () -> {
      mounts.forget(name);
      backend.students.remove(name);
      return null;
    }).onFailure(ctx::fail).onSuccess(v -> ctx.response().setStatusCode(204).end());
  }
}

package io.skillforge.server.http;

import io.skillforge.server.runner.Problem;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** {@code /students/{name}/skill-gaps}: skill-gap reports on demand. */
final class SkillGapRoutes {
  private final Backend backend;

  SkillGapRoutes(Backend backend) {
    this.backend = backend;
  }

  void mount(RouterBuilder builder) {
    builder.getRoute("skillGaps").addHandler(this::report);
  }

  private void report(RoutingContext ctx) {
    Problems.send(ctx, Problem.status(501, "Not implemented", "skill-gap reports are not served yet"));
  }
}

package io.skillforge.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.server.jobs.JobContext;
import io.skillforge.server.jobs.index.IndexJson;
import io.skillforge.server.jobs.index.IndexQuery;
import io.skillforge.server.jobs.index.IndexStatsJob;
import io.skillforge.server.jobs.index.SearchIndexJob;
import io.skillforge.skills.errors.NotFoundException;
import io.skillforge.skills.index.SearchHit;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.nio.file.Path;
import java.util.List;

/** {@code /index}: search and stats of the server's index, and exports as jobs. */
final class IndexRoutes {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Backend backend;
  private final JobRoutes jobs;

  IndexRoutes(Backend backend, JobRoutes jobs) {
    this.backend = backend;
    this.jobs = jobs;
  }

  void mount(RouterBuilder builder) {
    builder.getRoute("searchIndex").addHandler(this::search);
    builder.getRoute("indexStats").addHandler(this::stats);
    builder.getRoute("exportIndex").addHandler(this::export);
  }

  private void search(RoutingContext ctx) {
    var q = ctx.queryParams();
    IndexQuery query = new IndexQuery(q.getAll("skill"), q.get("match") != null && IndexQuery.allSkills(q.get("match")),
        q.get("source"), q.get("split"), q.get("q"));
    int limit = q.get("limit") == null ? 10 : Integer.parseInt(q.get("limit"));
    Http.blocking(ctx, () -> {
      requireIndex();
      List<SearchHit> hits = new SearchIndexJob(backend.services.indexes())
          .run(new SearchIndexJob.Request(backend.workspace.index(), query, limit), JobContext.silent());
      ObjectNode root = JSON.createObjectNode();
      ArrayNode list = root.putArray("hits");
      hits.forEach(h -> list.add(IndexJson.hit(h)));
      return Buffer.buffer(JSON.writeValueAsBytes(root));
    }).onFailure(ctx::fail).onSuccess(body -> Http.json(ctx, 200, body));
  }

  private void stats(RoutingContext ctx) {
    Http.blocking(ctx, () -> {
      requireIndex();
      var counts = new IndexStatsJob(backend.services.indexes()).run(backend.workspace.index(), JobContext.silent());
      return Buffer.buffer(JSON.writeValueAsBytes(IndexJson.stats(Path.of("index"), counts)));
    }).onFailure(ctx::fail).onSuccess(body -> Http.json(ctx, 200, body));
  }

  private void export(RoutingContext ctx) {
    ObjectNode body = JobRoutes.body(ctx);
    body.put("kind", "export");
    jobs.submit(ctx, body);
  }

  private void requireIndex() throws java.io.IOException {
    if (!backend.indexes.exists()) {
      throw new NotFoundException("the index is empty: import a dataset first (POST /jobs with kind import)");
    }
  }
}

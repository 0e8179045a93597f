package io.skillforge.server.http;

import io.skillforge.server.store.JobState;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.validation.RequestUtils;
import java.util.Map;

/**
 * One HTTP server instance on its own event loop; several share the port. The router comes from the
 * OpenAPI contract, which validates every request before its handler runs; the token check runs
 * first of all, then the body is read (bounded by {@code server.max-body-bytes}), except for
 * dataset uploads, which stream. Routes outside the contract: the login form, the web page, and
 * each built-in student's OpenAI API.
 */
final class ApiVerticle extends VerticleBase {
  private final Backend backend;
  private final Contract contract;
  private final StudentMounts mounts;
  private final ServerMetrics metrics;
  private final WebAssets assets;
  private final int port;
  private HttpServer server;
  private Runnable stopWatching = () -> { };

  ApiVerticle(Backend backend, Contract contract, StudentMounts mounts, ServerMetrics metrics, WebAssets assets,
      int port) {
    this.backend = backend;
    this.contract = contract;
    this.mounts = mounts;
    this.metrics = metrics;
    this.assets = assets;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    return OpenAPIContract.from(vertx, contract.forValidation()).compose(c -> {
      Router router = router(c);
      stopWatching = metrics.watchEventLoop(vertx);
      return vertx.createHttpServer(new HttpServerOptions().setHost(backend.options.host()).setPort(port))
          .requestHandler(router).listen();
    }).onSuccess(s -> server = s);
  }

  @Override
  public Future<?> stop() {
    stopWatching.run();
    return server == null ? Future.succeededFuture() : server.close();
  }

  /** The port listened on. */
  int actualPort() {
    return server.actualPort();
  }

  private Router router(OpenAPIContract openApi) {
    BearerAuth auth = new BearerAuth(backend.options.token());
    BodyHandler body = BodyHandler.create(false).setBodyLimit(backend.options.maxBodyBytes());
    Problems problems = new Problems(backend.options.maxBodyBytes());
    RouterBuilder builder = RouterBuilder.create(vertx, new ValidatorCache(openApi), streamedUploads());
    builder.rootHandler(auth::handle);
    builder.rootHandler(ctx -> {
      if (DatasetRoutes.isUpload(ctx)) {
        ctx.request().pause(); // the upload's handler reads it, once its file is open
        ctx.next();
      } else {
        body.handle(ctx);
      }
    });
    for (OpenAPIRoute route : builder.getRoutes()) {
      route.setDoSecurity(false); // the token check above covers every route, before any body is read
    }
    JobRoutes jobs = new JobRoutes(backend);
    jobs.mount(builder, new EventStream(backend));
    new DatasetRoutes(backend).mount(builder);
    new IndexRoutes(backend, jobs).mount(builder);
    new CatalogRoutes(backend).mount(builder);
    new StudentRoutes(backend, mounts).mount(builder);
    new SkillGapRoutes(backend).mount(builder);
    builder.getRoute("health").addHandler(this::health);
    builder.getRoute("contract").addHandler(ctx -> ctx.response().putHeader("Content-Type", "application/yaml")
        .end(contract.yaml));
    builder.getRoute("metrics").addHandler(ctx -> Http.blocking(ctx, metrics::scrape).onFailure(ctx::fail)
        .onSuccess(text -> ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
            .end(text)));

    Router router = builder.createRouter();
    router.post("/login").handler(auth::login);
    router.get("/").handler(assets::page);
    router.get("/assets/:file").handler(assets::asset);
    router.route("/students/:name/*").handler(mounts::handle);
    router.route().failureHandler(problems::handle);
    for (int status : new int[] {404, 405, 413, 415}) {
      router.errorHandler(status, ctx -> {
        if (ctx.failure() == null) {
          ctx.fail(status);
        } else {
          problems.handle(ctx);
        }
      });
    }
    return router;
  }

  /** Reads bodies from the body handler, except an upload's, which its handler streams. */
  private static RequestExtractor streamedUploads() {
    return (ctx, operation) -> RequestUtils.extract(ctx.request(), operation,
        () -> Future.succeededFuture("uploadDataset".equals(operation.getOperationId()) || ctx.body() == null
            ? null : ctx.body().buffer()));
  }

  private void health(RoutingContext ctx) {
    Map<JobState, Long> counts = backend.scheduler.counts();
    JsonObject health = new JsonObject().put("status", "ok")
        .put("jobs", new JsonObject().put("queued", counts.getOrDefault(JobState.QUEUED, 0L))
            .put("running", counts.getOrDefault(JobState.RUNNING, 0L))
            .put("waiting", backend.scheduler.waiting()));
    if (backend.node == null) {
      Http.json(ctx, 200, health);
      return;
    }
    // A node of a cluster also tells who it is, who else is in, and whether the shared store answers.
    Http.blocking(ctx, backend::storeReachable).onFailure(ctx::fail).onSuccess(reachable -> {
      health.put("node", backend.node)
          .put("store", new JsonObject().put("kind", "postgres").put("reachable", reachable))
          .put("cluster", new JsonObject().put("clustered", backend.membership.clustered())
              .put("members", new JsonArray(backend.membership.members()))
              .put("teacherShare", backend.services.pacing().share()))
          .put("index", new JsonObject().put("change", backend.indexes.changePosition()));
      if (!reachable) {
        health.put("status", "degraded");
      }
      Http.json(ctx, reachable ? 200 : 503, health);
    });
  }
}

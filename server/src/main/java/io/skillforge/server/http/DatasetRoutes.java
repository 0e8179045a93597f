package io.skillforge.server.http;

import io.skillforge.server.runner.Problem;
import io.skillforge.server.workspace.SafeNames;
import io.skillforge.skills.Example;
import io.skillforge.skills.dataset.DatasetFormat;
import io.skillforge.skills.dataset.DatasetLayout;
import io.skillforge.skills.dataset.ExampleJson;
import io.skillforge.skills.dataset.ReadReport;
import io.skillforge.skills.dataset.Rejection;
import io.skillforge.skills.errors.NotFoundException;
import io.skillforge.skills.files.LineCount;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * {@code /datasets}: streaming JSONL upload, list, download, delete. An upload is streamed to a
 * hidden file beside the datasets (never held in memory, stopped at {@code server.max-body-bytes}),
 * then read line by line on a worker: good lines are stored as Skillforge JSONL, bad ones are named
 * with their number and reason. The dataset appears (or replaces the old one) only when all of it
 * was read; a refused upload leaves what was stored as it was.
 */
final class DatasetRoutes {
  /** Rejected lines named in an upload's answer; all are counted. */
  static final int MAX_NAMED = 100;

  private final Backend backend;

  DatasetRoutes(Backend backend) {
    this.backend = backend;
  }

  void mount(RouterBuilder builder) {
    builder.getRoute("uploadDataset").addHandler(this::upload);
    builder.getRoute("listDatasets").addHandler(this::list);
    builder.getRoute("getDataset").addHandler(this::download);
    builder.getRoute("deleteDataset").addHandler(this::delete);
  }

  /** Whether a request is an upload, whose body this class streams itself (no body handler). */
  static boolean isUpload(RoutingContext ctx) {
    return ctx.request().method() == io.vertx.core.http.HttpMethod.PUT
        && ctx.normalizedPath().startsWith("/datasets/");
  }

  private void upload(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String name = SafeNames.check(ctx.pathParam("name"), "dataset");
    DatasetFormat format = DatasetFormat.fromName(ctx.queryParams().get("format") == null ? "jsonl"
        : ctx.queryParams().get("format"));
    long limit = backend.options.maxBodyBytes();
    String declared = request.getHeader("Content-Length");
    if (declared != null && declared.matches("\\d{1,18}") && Long.parseLong(declared) > limit) {
      refuseTooLarge(ctx, limit);
      return;
    }
    Path partial = backend.workspace.datasets().resolve("." + name + "."
        + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE) + ".upload");
    ctx.vertx().fileSystem().open(partial.toString(), new OpenOptions().setWrite(true).setCreateNew(true))
        .onFailure(ctx::fail)
        .onSuccess(file -> receive(ctx, file, partial, name, format, limit));
  }

  private void receive(RoutingContext ctx, AsyncFile file, Path partial, String name, DatasetFormat format,
      long limit) {
    HttpServerRequest request = ctx.request();
    long[] bytes = {0};
    boolean[] stopped = {false};
    request.handler(chunk -> {
      if (stopped[0]) {
        return;
      }
      bytes[0] += chunk.length();
      if (bytes[0] > limit) {
        stopped[0] = true;
        discard(ctx, file, partial);
        refuseTooLarge(ctx, limit);
        return;
      }
      file.write(chunk);
      if (file.writeQueueFull()) {
        request.pause();
        file.drainHandler(v -> request.resume());
      }
    });
    request.exceptionHandler(e -> {
      if (!stopped[0]) {
        stopped[0] = true;
        discard(ctx, file, partial);
      }
    });
    request.endHandler(v -> {
      if (stopped[0]) {
        return;
      }
      file.close()
          .compose(closed -> Http.blocking(ctx, () -> store(partial, name, format)))
          .onFailure(e -> {
            deleteQuietly(ctx, partial);
            ctx.fail(e);
          })
          .onSuccess(answer -> {
            if (answer.getLong("items") == 0) {
              Problem problem = Problem.badInput("no line of the upload is an item; nothing was stored");
              ctx.response().setStatusCode(400).putHeader("Content-Type", Problem.MEDIA_TYPE)
                  .end(problem.toJson().put("instance", ctx.request().path())
                      .put("rejected", answer.getLong("rejected"))
                      .put("rejections", answer.getJsonArray("rejections")).toBuffer());
            } else {
              ctx.response().putHeader("Location", "/datasets/" + name);
              Http.json(ctx, 201, answer);
            }
          });
    });
    request.resume();
  }

  /** Reads the uploaded file; stores its items as the dataset when there is at least one. */
  private JsonObject store(Path partial, String name, DatasetFormat format) throws IOException {
    Path target = backend.workspace.datasetFile(name);
    long[] items = {0};
    ReadReport report;
    Path canonical = partial.resolveSibling(partial.getFileName() + ".jsonl");
    try {
      try (InputStream in = new BufferedInputStream(Files.newInputStream(partial), 1 << 16);
          var out = Files.newBufferedWriter(canonical)) {
        report = DatasetLayout.DEFAULT.withFormat(format).reader().build().read(in, name, (Example e) -> {
          try {
            out.write(ExampleJson.toJson(e));
            out.write('\n');
            items[0]++;
          } catch (IOException io) {
            throw new UncheckedIOException(io);
          }
        });
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
      if (items[0] > 0) {
        Files.move(canonical, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      }
    } finally {
      Files.deleteIfExists(canonical);
      Files.deleteIfExists(partial);
    }
    JsonArray rejections = new JsonArray();
    List<Rejection> named = report.rejections().subList(0, Math.min(MAX_NAMED, report.rejections().size()));
    named.forEach(r -> rejections.add(new JsonObject().put("line", r.line()).put("reason", r.reason())));
    return new JsonObject().put("name", name).put("items", items[0]).put("rejected", report.rejected())
        .put("rejections", rejections).put("url", "/datasets/" + name);
  }

  private void list(RoutingContext ctx) {
    Http.respond(ctx, 200, () -> {
      JsonArray list = new JsonArray();
      try (Stream<Path> files = Files.list(backend.workspace.datasets())) {
        for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".jsonl")
            && !f.getFileName().toString().startsWith(".")).sorted().toList()) {
          String fileName = file.getFileName().toString();
          list.add(new JsonObject().put("name", fileName.substring(0, fileName.length() - ".jsonl".length()))
              .put("items", LineCount.nonBlank(file)).put("bytes", Files.size(file))
              .put("modifiedAt", Files.getLastModifiedTime(file).toInstant().toString()));
        }
      }
      return new JsonObject().put("datasets", list);
    });
  }

  private void download(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    Http.blocking(ctx, () -> backend.workspace.dataset(name)).onFailure(ctx::fail).onSuccess(file ->
        ctx.response().putHeader("Content-Type", "application/x-ndjson").sendFile(file.toString())
            .onFailure(ctx::fail));
  }

  private void delete(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    Http.blocking(ctx, () -> {
      if (!Files.deleteIfExists(backend.workspace.datasetFile(name))) {
        throw new NotFoundException("no dataset named '" + name + "'");
      }
      return null;
    }).onFailure(ctx::fail).onSuccess(v -> ctx.response().setStatusCode(204).end());
  }

  /** 413; what is left of the body is read and dropped by the server, as for any unread body. */
  private static void refuseTooLarge(RoutingContext ctx, long limit) {
    ctx.request().handler(dropped -> { }).resume();
    if (!ctx.response().ended()) {
      Problems.send(ctx, Problem.tooLarge(limit));
    }
  }

  private static void discard(RoutingContext ctx, AsyncFile file, Path partial) {
    file.close().onComplete(v -> deleteQuietly(ctx, partial));
  }

  private static void deleteQuietly(RoutingContext ctx, Path partial) {
    ctx.vertx().fileSystem().delete(partial.toString()).onFailure(e -> { });
  }
}

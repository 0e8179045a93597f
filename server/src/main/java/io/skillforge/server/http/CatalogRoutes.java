package io.skillforge.server.http;

import io.skillforge.skills.CatalogFiles;
import io.skillforge.skills.SkillCatalog;
import io.skillforge.skills.errors.NotFoundException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/** {@code /catalogs}: stored skill catalogs (built by catalog jobs, or put here). */
final class CatalogRoutes {
  private final Backend backend;

  CatalogRoutes(Backend backend) {
    this.backend = backend;
  }

  void mount(RouterBuilder builder) {
    builder.getRoute("listCatalogs").addHandler(this::list);
    builder.getRoute("getCatalog").addHandler(this::get);
    builder.getRoute("putCatalog").addHandler(this::put);
    builder.getRoute("deleteCatalog").addHandler(this::delete);
  }

  private void list(RoutingContext ctx) {
    Http.respond(ctx, 200, () -> {
      JsonArray list = new JsonArray();
      try (Stream<Path> files = Files.list(backend.workspace.catalogs())) {
        for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")
            && !f.getFileName().toString().startsWith(".")).sorted().toList()) {
          String name = file.getFileName().toString();
          list.add(new JsonObject().put("name", name.substring(0, name.length() - ".json".length()))
              .put("skills", CatalogFiles.read(file).size()).put("url", "/catalogs/"
                  + name.substring(0, name.length() - ".json".length())));
        }
      }
      return new JsonObject().put("catalogs", list);
    });
  }

  private void get(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    Http.blocking(ctx, () -> backend.workspace.catalog(name)).onFailure(ctx::fail).onSuccess(file ->
        ctx.response().putHeader("Content-Type", Http.JSON).sendFile(file.toString()).onFailure(ctx::fail));
  }

  private void put(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    byte[] body = ctx.body().buffer().getBytes();
    Http.blocking(ctx, () -> {
      Path target = backend.workspace.catalogFile(name);
      Path partial = target.resolveSibling("." + name + "."
          + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE) + ".upload");
      SkillCatalog catalog;
      try {
        Files.write(partial, body);
        catalog = CatalogFiles.read(partial);
      } catch (io.skillforge.skills.errors.BadInputException e) {
        throw new io.skillforge.skills.errors.BadInputException(
            e.getMessage().replace(partial.toString(), "'" + name + "'"), e);
      } finally {
        Files.deleteIfExists(partial);
      }
      CatalogFiles.write(catalog, target);
      return new JsonObject().put("name", name).put("skills", catalog.size()).put("url", "/catalogs/" + name);
    }).onFailure(ctx::fail).onSuccess(answer -> {
      ctx.response().putHeader("Location", "/catalogs/" + name);
      Http.json(ctx, 201, answer);
    });
  }

  private void delete(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    Http.blocking(ctx, () -> {
      if (!Files.deleteIfExists(backend.workspace.catalogFile(name))) {
        throw new NotFoundException("no catalog named '" + name + "'");
      }
      return null;
    }).onFailure(ctx::fail).onSuccess(v -> ctx.response().setStatusCode(204).end());
  }
}

package io.skillforge.server.http;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.Callable;

/** Small helpers of the route handlers: blocking work off the event loop, JSON answers. */
final class Http {
  static final String JSON = "application/json";

  private Http() {}

  /**
   * Runs {@code work} on a worker thread (the store, the disk, Lucene, never the event loop);
   * unordered, so requests do not queue behind each other.
   */
  static <T> Future<T> blocking(RoutingContext ctx, Callable<T> work) {
    return ctx.vertx().executeBlocking(work, false);
  }

  /** Ends the response with {@code body} as JSON. */
  static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", JSON).end(body.toBuffer());
  }

  /** Ends the response with {@code body} as JSON, already encoded. */
  static void json(RoutingContext ctx, int status, Buffer body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", JSON).end(body);
  }

  /** Runs {@code work} on a worker and answers its JSON with {@code status}; a failure goes to the failure handler. */
  static void respond(RoutingContext ctx, int status, Callable<JsonObject> work) {
    blocking(ctx, work).onSuccess(body -> json(ctx, status, body)).onFailure(ctx::fail);
  }
}

package io.skillforge.server.http;

import io.skillforge.server.runner.Problem;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one failure handler: every error becomes a problem detail (RFC 9457) with the status its
 * kind calls for. A failure of the server itself is logged with its trace; the client gets one
 * sentence.
 */
final class Problems {
  private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

  private final long maxBodyBytes;

  Problems(long maxBodyBytes) {
    this.maxBodyBytes = maxBodyBytes;
  }

  void handle(RoutingContext ctx) {
    if (ctx.response().ended()) {
      return;
    }
    Problem problem = problem(ctx);
    if (problem.serverSide()) {
      LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
    }
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    send(ctx, problem);
  }

  private Problem problem(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    int status = ctx.statusCode();
    if (failure instanceof HttpException http) {
      status = http.getStatusCode();
      if (status == 400) {
        String message = http.getPayload() != null ? http.getPayload() : http.getMessage();
        return Problem.validation(ValidationMessages.describe(http.getCause(), message));
      }
    } else if (failure != null) {
      return Problem.of(failure);
    }
    return switch (status) {
      case 400 -> Problem.validation("the request is malformed");
      case 401 -> Problem.unauthorized();
      case 404 -> Problem.notFound("no route " + ctx.request().method() + " " + ctx.request().path());
      case 405 -> Problem.status(405, "Method not allowed", ctx.request().method() + " is not allowed on "
          + ctx.request().path());
      case 413 -> Problem.tooLarge(maxBodyBytes);
      case 415 -> Problem.status(415, "Unsupported media type", "send the body as "
          + "application/json (JSONL uploads as application/octet-stream or application/x-ndjson)");
      default -> status >= 400 && status < 500
          ? Problem.status(status, "Request failed", "the request failed (HTTP " + status + ")")
          : Problem.of(new IllegalStateException("the request failed (HTTP " + status + ")"));
    };
  }

  /** Ends the response with {@code problem}. */
  static void send(RoutingContext ctx, Problem problem) {
    JsonObject body = problem.toJson().put("instance", ctx.request().path());
    if (problem.status() == 401) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"skillforge\"");
    }
    ctx.response().setStatusCode(problem.status()).putHeader("Content-Type", Problem.MEDIA_TYPE)
        .end(body.toBuffer());
  }
}

package io.skillforge.server.http;

import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Server-sent events of jobs. {@code /jobs/{id}/events}: subscribes first, then fetches the job's
 * snapshot (its state and each stage's latest progress, with the number of the last event sent),
 * sends it, then every later event in order, skipping what the snapshot already told; ends with
 * an {@code end} event once the job has ended. {@code /events}: every job's events as they happen.
 * A comment line every 15 s keeps idle connections open through proxies. When the client cannot
 * keep up, progress events are skipped (the next one says the same, newer); state and note events
 * never are.
 */
final class EventStream {
  /** The event bus address of every job event. */
  static final String ALL = "skillforge.jobs";
  private static final long KEEP_ALIVE_MILLIS = 15_000;

  /** The event bus address of one job's events. */
  static String of(String job) {
    return ALL + "." + job;
  }

  private final Backend backend;

  EventStream(Backend backend) {
    this.backend = backend;
  }

  void job(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    HttpServerResponse response = ctx.response();
    List<JsonObject> early = new ArrayList<>();
    long[] sent = {-1};
    boolean[] ended = {false};
    MessageConsumer<JsonObject> consumer = ctx.vertx().eventBus().consumer(of(id));
    consumer.handler(message -> {
      JsonObject event = message.body();
      if (sent[0] < 0) {
        early.add(event);
      } else if (!ended[0] && event.getLong("seq", 0L) > sent[0]) {
        sent[0] = event.getLong("seq");
        send(response, event);
        if (finished(event)) {
          ended[0] = true;
          end(response, consumer);
        }
      }
    });
    Http.blocking(ctx, () -> backend.scheduler.snapshot(id)).onFailure(e -> {
      consumer.unregister();
      ctx.fail(e);
    }).onSuccess(snapshot -> {
      open(ctx, consumer);
      send(response, new JsonObject().put("type", "state").put("job", id).put("kind", snapshot.getString("kind"))
          .put("state", snapshot.getString("state")).put("seq", snapshot.getLong("seq"))
          .put("error", snapshot.getJsonObject("error")));
      JsonArray progress = snapshot.getJsonArray("progress");
      for (int i = 0; i < progress.size(); i++) {
        send(response, progress.getJsonObject(i));
      }
      sent[0] = snapshot.getLong("seq");
      boolean done = finished(snapshot);
      for (JsonObject event : early) {
        if (!done && event.getLong("seq", 0L) > sent[0]) {
          sent[0] = event.getLong("seq");
          send(response, event);
          done = finished(event);
        }
      }
      early.clear();
      ended[0] = done;
      if (done) {
        end(response, consumer);
      }
    });
  }

  void all(RoutingContext ctx) {
    MessageConsumer<JsonObject> consumer = ctx.vertx().eventBus().consumer(ALL,
        message -> send(ctx.response(), message.body()));
    open(ctx, consumer);
  }

  private void open(RoutingContext ctx, MessageConsumer<JsonObject> consumer) {
    HttpServerResponse response = ctx.response();
    response.setChunked(true).putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-cache").putHeader("X-Accel-Buffering", "no");
    response.write(": skillforge events\n\n");
    long timer = ctx.vertx().setPeriodic(KEEP_ALIVE_MILLIS, t -> {
      if (!response.ended() && !response.closed()) {
        response.write(": keep-alive\n\n");
      }
    });
    response.closeHandler(v -> {
      ctx.vertx().cancelTimer(timer);
      consumer.unregister();
    });
    response.endHandler(v -> {
      ctx.vertx().cancelTimer(timer);
      consumer.unregister();
    });
  }

  /** Writes one event; returns false when it was skipped. */
  private static boolean send(HttpServerResponse response, JsonObject event) {
    if (response.ended() || response.closed()) {
      return false;
    }
    String type = event.getString("type", "message");
    if ("progress".equals(type) && response.writeQueueFull()) {
      return false;
    }
    StringBuilder text = new StringBuilder();
    Long seq = event.getLong("seq");
    if (seq != null && seq > 0) {
      text.append("id: ").append(seq).append('\n');
    }
    text.append("event: ").append(type).append('\n').append("data: ").append(event.encode()).append("\n\n");
    response.write(text.toString());
    return true;
  }

  private static boolean finished(JsonObject event) {
    String state = event.getString("state");
    return ("state".equals(event.getString("type")) || event.containsKey("progress"))
        && ("succeeded".equals(state) || "failed".equals(state) || "cancelled".equals(state));
  }

  private static void end(HttpServerResponse response, MessageConsumer<?> consumer) {
    consumer.unregister();
    if (!response.ended() && !response.closed()) {
      response.end("event: end\ndata: {}\n\n");
    }
  }
}

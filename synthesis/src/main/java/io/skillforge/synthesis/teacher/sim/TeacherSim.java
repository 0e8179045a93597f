package io.skillforge.synthesis.teacher.sim;

import io.skillforge.synthesis.teacher.prompt.ParsedPrompt;
import io.skillforge.synthesis.teacher.prompt.PromptMessage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in teacher served as an OpenAI-compatible chat endpoint, so the LLM teacher path (HTTP,
 * JSON parsing, retries, caches) runs for real with no model: {@code POST /v1/chat/completions}
 * answers the Skillforge teacher prompts ({@link io.skillforge.synthesis.teacher.prompt}) exactly,
 * and {@code GET /v1/models} lists one model.
 *
 * <p>Faults are injected reproducibly for a seed (see {@link SimOptions}): in order of arrival,
 * each chat call is answered 429 or 500 with probability {@code failRate}, and otherwise, with
 * probability {@code malformedRate}, with content that is broken JSON. Every chat answer is delayed
 * to {@code latencyMs} after arrival by a timer; the event loop never sleeps, and the answer is
 * computed on a worker thread. A conversation that is not a protocol request gets a 200 answer
 * whose content is a JSON object saying so. Usage counts are estimated at four characters a
 * token. When the estimated reply exceeds {@code max_tokens}, it is cut there and finishes with
 * {@code length}, as a model's would.
 *
 * <p>Start with {@link #start()}, stop with {@link #close()}; the caller owns the {@link Vertx}.
 */
public final class TeacherSim {
  private static final Logger LOG = LoggerFactory.getLogger(TeacherSim.class);
  private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

  private final Vertx vertx;
  private final SimOptions options;
  private final FaultPlan faults;
  private final SimResponder responder = new SimResponder();
  private final AtomicLong calls = new AtomicLong();
  private final AtomicLong rateLimited = new AtomicLong();
  private final AtomicLong serverErrors = new AtomicLong();
  private final AtomicLong malformed = new AtomicLong();
  private final AtomicLong unrecognised = new AtomicLong();
  private volatile HttpServer server;

  public TeacherSim(Vertx vertx, SimOptions options) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.options = Objects.requireNonNull(options, "options");
    this.faults = new FaultPlan(options.seed(), options.failRate(), options.malformedRate());
  }

  /**
   * Binds the server.
   *
   * @return the bound port (a free one when the options say 0)
   * @throws IllegalStateException (in the future) when already started
   */
  public Future<Integer> start() {
    if (server != null) {
      return Future.failedFuture(new IllegalStateException("teacher-sim is already started"));
    }
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES));
    router.post("/v1/chat/completions").handler(this::chat);
    router.get("/v1/models").handler(this::models);
    return vertx.createHttpServer()
        .requestHandler(router)
        .listen(options.port(), options.host())
        .map(s -> {
          server = s;
          return s.actualPort();
        });
  }

  /** The bound port; -1 before {@link #start()} completes. */
  public int port() {
    HttpServer s = server;
    return s == null ? -1 : s.actualPort();
  }

  /** The OpenAI-style base URL, such as {@code http://127.0.0.1:8091/v1}. */
  public String baseUrl() {
    return "http://" + options.host() + ":" + port() + "/v1";
  }

  public SimOptions options() {
    return options;
  }

  public SimStats stats() {
    return new SimStats(calls.get(), rateLimited.get(), serverErrors.get(), malformed.get(),
        unrecognised.get());
  }

  /** Stops listening; safe to call more than once. */
  public Future<Void> close() {
    HttpServer s = server;
    server = null;
    return s == null ? Future.succeededFuture() : s.close();
  }

  private void models(RoutingContext ctx) {
    JsonObject model = new JsonObject()
        .put("id", options.model())
        .put("object", "model")
        .put("created", 0)
        .put("owned_by", "skillforge");
    json(ctx, 200, new JsonObject().put("object", "list").put("data", new JsonArray().add(model)));
  }

  private void chat(RoutingContext ctx) {
    long arrived = System.nanoTime();
    JsonObject body;
    List<PromptMessage> messages;
    try {
      body = ctx.body().asJsonObject();
      if (body == null) {
        throw new IllegalArgumentException("the request body is empty");
      }
      if (body.getBoolean("stream", false)) {
        throw new IllegalArgumentException("teacher-sim does not stream; send stream=false");
      }
      messages = messages(body);
    } catch (DecodeException | ClassCastException | IllegalArgumentException e) {
      json(ctx, 400, error("invalid_request_error", "bad request: " + e.getMessage()));
      return;
    }
    calls.incrementAndGet();
    FaultPlan.Decision decision = faults.next();
    switch (decision.fault()) {
      case RATE_LIMIT -> {
        rateLimited.incrementAndGet();
        later(arrived, () -> {
          ctx.response()
              .putHeader("Retry-After", Long.toString((options.retryAfterMs() + 999) / 1000))
              .putHeader("retry-after-ms", Long.toString(options.retryAfterMs()));
          json(ctx, 429, error("rate_limit_exceeded", "rate limit reached (injected by teacher-sim)"));
        });
      }
      case SERVER_ERROR -> {
        serverErrors.incrementAndGet();
        later(arrived, () -> json(ctx, 500, error("server_error", "server error (injected by teacher-sim)")));
      }
      case NONE, MALFORMED -> vertx
          .executeBlocking(() -> completion(body, messages, decision), false)
          .onComplete(ar -> later(arrived, () -> {
            if (ar.succeeded()) {
              json(ctx, 200, ar.result());
            } else {
              // A bug of the simulator, not an injected fault: the client gets a 500, the log the trace.
              LOG.error("teacher-sim could not answer a chat call", ar.cause());
              json(ctx, 500, error("server_error", "teacher-sim failed: " + ar.cause().getMessage()));
            }
          }));
    }
  }

  private JsonObject completion(JsonObject body, List<PromptMessage> messages, FaultPlan.Decision decision) {
    String content;
    try {
      content = responder.answer(ParsedPrompt.parse(messages));
    } catch (IllegalArgumentException e) {
      unrecognised.incrementAndGet();
      content = SimResponder.unrecognised(e.getMessage());
    }
    if (decision.fault() == FaultPlan.Fault.MALFORMED) {
      malformed.incrementAndGet();
      content = FaultPlan.breakJson(content, decision.variant());
    }
    String finish = "stop";
    Integer maxTokens = body.getInteger("max_completion_tokens", body.getInteger("max_tokens"));
    if (maxTokens != null && maxTokens > 0 && tokens(content) > maxTokens) {
      content = content.substring(0, Math.min(content.length(), maxTokens * 4));
      finish = "length";
    }
    int n = Math.max(1, Math.min(16, body.getInteger("n", 1)));
    JsonArray choices = new JsonArray();
    for (int i = 0; i < n; i++) {
      choices.add(new JsonObject()
          .put("index", i)
          .put("message", new JsonObject().put("role", "assistant").put("content", content))
          .put("finish_reason", finish));
    }
    long promptTokens = messages.stream().mapToLong(m -> tokens(m.content()) + 4).sum();
    long completionTokens = (long) n * tokens(content);
    return new JsonObject()
        .put("id", "chatcmpl-sim-" + calls.get())
        .put("object", "chat.completion")
        .put("created", System.currentTimeMillis() / 1000)
        .put("model", body.getString("model", options.model()))
        .put("choices", choices)
        .put("usage", new JsonObject()
            .put("prompt_tokens", promptTokens)
            .put("completion_tokens", completionTokens)
            .put("total_tokens", promptTokens + completionTokens));
  }

  /** Reads OpenAI messages; content may be a string or a list of text parts. */
  private static List<PromptMessage> messages(JsonObject body) {
    JsonArray array = body.getJsonArray("messages");
    if (array == null || array.isEmpty()) {
      throw new IllegalArgumentException("'messages' must be a non-empty array");
    }
    List<PromptMessage> out = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      JsonObject m = array.getJsonObject(i);
      Object content = m.getValue("content");
      String text;
      if (content == null) {
        text = "";
      } else if (content instanceof String s) {
        text = s;
      } else if (content instanceof JsonArray parts) {
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < parts.size(); j++) {
          JsonObject part = parts.getJsonObject(j);
          if ("text".equals(part.getString("type"))) {
            sb.append(part.getString("text", ""));
          }
        }
        text = sb.toString();
      } else {
        throw new IllegalArgumentException("message " + i + " has content of an unknown type");
      }
      out.add(new PromptMessage(m.getString("role", "user"), text));
    }
    return out;
  }

  /** Runs {@code action} once {@code latencyMs} have passed since arrival. */
  private void later(long arrivedNanos, Runnable action) {
    long left = options.latencyMs() - (System.nanoTime() - arrivedNanos) / 1_000_000;
    if (left < 1) {
      action.run();
    } else {
      vertx.setTimer(left, id -> action.run());
    }
  }

  private static long tokens(String text) {
    return (text.length() + 3) / 4;
  }

  private static JsonObject error(String type, String message) {
    return new JsonObject().put("error",
        new JsonObject().put("message", message).put("type", type).put("code", type));
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(body.encode());
  }
}

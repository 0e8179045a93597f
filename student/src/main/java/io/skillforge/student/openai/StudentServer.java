package io.skillforge.student.openai;

import io.skillforge.student.Completion;
import io.skillforge.student.Sampling;
import io.skillforge.student.builtin.BuiltinStudent;
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

/**
 * Serves a built-in student through the OpenAI HTTP API, the way vLLM or a llama.cpp server serve
 * a real model, so the {@link OpenAiStudent} client runs against it for real.
 *
 * <ul>
 *   <li>{@code GET /v1/models}: the one model, named after the student.
 *   <li>{@code POST /v1/completions}: {@code prompt} (a string or an array of strings) is continued
 *       as raw text; {@code n} responses per prompt, choice {@code i*n+j} for prompt {@code i}.
 *   <li>{@code POST /v1/chat/completions}: the last {@code user} message is the question; the
 *       student wraps it in its own prompt format (its chat template).
 * </ul>
 *
 * Sampling fields: {@code temperature} (default 1; 0 is greedy), {@code top_p} (1), {@code
 * max_tokens} or {@code max_completion_tokens} (default {@value Sampling#DEFAULT_MAX_TOKENS}),
 * {@code seed} (default 0, so an unseeded request is still reproducible), {@code n} (1), and
 * vLLM's {@code ignore_eos}. Other fields are ignored. Errors use OpenAI's {@code {"error": {...}}}
 * shape: 400 for a bad request, 404 for an unknown path, 413 for a body over the limit, 500 when
 * generation fails.
 *
 * <p>Handlers never block: each request becomes one {@link BuiltinStudent#complete} call, which
 * runs on the student's own thread (concurrent requests share its batches), and the response is
 * written back on the request's event loop.
 */
public final class StudentServer {
  /** Largest accepted request body. */
  public static final long MAX_BODY_BYTES = 16L << 20;
  /** Most responses one request may ask for (prompts times n). */
  public static final int MAX_CHOICES = 4096;

  private final BuiltinStudent student;
  private final AtomicLong ids = new AtomicLong();

  private StudentServer(BuiltinStudent student) {
    this.student = student;
  }

  /**
   * Starts serving {@code student} on {@code host:port} (port 0 picks a free port; read it from
   * {@link HttpServer#actualPort()}). Closing the returned server stops serving; the student stays
   * open and belongs to the caller.
   */
  public static Future<HttpServer> start(Vertx vertx, BuiltinStudent student, String host, int port) {
    Objects.requireNonNull(student, "student");
    return vertx.createHttpServer().requestHandler(new StudentServer(student).router(vertx))
        .listen(port, host);
  }

  Router router(Vertx vertx) {
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
    router.get("/v1/models").handler(this::models);
    router.post("/v1/completions").handler(this::completions);
    router.post("/v1/chat/completions").handler(this::chatCompletions);
    router.route().last().handler(ctx -> error(ctx, 404, "no route for " + ctx.request().method()
        + " " + ctx.request().path(), "not_found"));
    router.route().failureHandler(ctx -> {
      int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
      String message = ctx.failure() == null ? "request failed" : String.valueOf(ctx.failure()
          .getMessage());
      error(ctx, status, status == 413 ? "request body over " + MAX_BODY_BYTES + " bytes" : message,
          status >= 500 ? "server_error" : "invalid_request_error");
    });
    return router;
  }

  private void models(RoutingContext ctx) {
    JsonObject model = new JsonObject().put("id", student.name()).put("object", "model")
        .put("created", 0).put("owned_by", "skillforge")
        .put("max_model_len", student.config().context());
    ctx.json(new JsonObject().put("object", "list").put("data", new JsonArray().add(model)));
  }

  private void completions(RoutingContext ctx) {
    JsonObject body;
    List<String> prompts = new ArrayList<>();
    Sampling sampling;
    int n;
    try {
      body = bodyOf(ctx);
      Object prompt = body.getValue("prompt");
      if (prompt instanceof String s) {
        prompts.add(s);
      } else if (prompt instanceof JsonArray array && !array.isEmpty()) {
        for (Object p : array) {
          if (!(p instanceof String s)) {
            throw new IllegalArgumentException("'prompt' must be a string or an array of strings");
          }
          prompts.add(s);
        }
      } else {
        throw new IllegalArgumentException("'prompt' must be a string or an array of strings");
      }
      sampling = sampling(body);
      n = choicesPerPrompt(body, prompts.size());
    } catch (IllegalArgumentException | ClassCastException | DecodeException e) {
      error(ctx, 400, e.getMessage(), "invalid_request_error");
      return;
    }
    List<String> rows = repeat(prompts, n);
    Future.fromCompletionStage(student.complete(rows, sampling), ctx.vertx().getOrCreateContext())
        .onSuccess(completions -> {
          JsonArray choices = new JsonArray();
          for (int i = 0; i < completions.size(); i++) {
            Completion c = completions.get(i);
            choices.add(new JsonObject().put("index", i).put("text", c.text())
                .putNull("logprobs").put("finish_reason", c.finish().wireName()));
          }
          ctx.json(envelope("cmpl-", "text_completion", choices, rows, completions));
        })
        .onFailure(e -> error(ctx, 500, "generation failed: " + e.getMessage(), "server_error"));
  }

  private void chatCompletions(RoutingContext ctx) {
    String question;
    Sampling sampling;
    int n;
    try {
      JsonObject body = bodyOf(ctx);
      question = lastUserMessage(body.getJsonArray("messages"));
      sampling = sampling(body);
      n = choicesPerPrompt(body, 1);
    } catch (IllegalArgumentException | ClassCastException | DecodeException e) {
      error(ctx, 400, e.getMessage(), "invalid_request_error");
      return;
    }
    List<String> rows = repeat(List.of(question), n);
    Future.fromCompletionStage(student.generate(rows, sampling), ctx.vertx().getOrCreateContext())
        .onSuccess(completions -> {
          JsonArray choices = new JsonArray();
          for (int i = 0; i < completions.size(); i++) {
            Completion c = completions.get(i);
            choices.add(new JsonObject().put("index", i)
                .put("message", new JsonObject().put("role", "assistant").put("content", c.text()))
                .putNull("logprobs").put("finish_reason", c.finish().wireName()));
          }
          ctx.json(envelope("chatcmpl-", "chat.completion", choices, rows, completions));
        })
        .onFailure(e -> error(ctx, 500, "generation failed: " + e.getMessage(), "server_error"));
  }

  private JsonObject envelope(String idPrefix, String object, JsonArray choices, List<String> rows,
      List<Completion> completions) {
    long promptTokens = rows.stream().mapToLong(r -> r.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).sum();
    long completionTokens = completions.stream().mapToLong(Completion::tokens).sum();
    return new JsonObject().put("id", idPrefix + ids.incrementAndGet()).put("object", object)
        .put("created", System.currentTimeMillis() / 1000).put("model", student.name())
        .put("choices", choices)
        .put("usage", new JsonObject().put("prompt_tokens", promptTokens)
            .put("completion_tokens", completionTokens)
            .put("total_tokens", promptTokens + completionTokens));
  }

  private static JsonObject bodyOf(RoutingContext ctx) {
    JsonObject body = ctx.body().asJsonObject();
    if (body == null) {
      throw new IllegalArgumentException("the request body must be a JSON object");
    }
    return body;
  }

  private static String lastUserMessage(JsonArray messages) {
    if (messages == null || messages.isEmpty()) {
      throw new IllegalArgumentException("'messages' must be a non-empty array");
    }
    for (int i = messages.size() - 1; i >= 0; i--) {
      JsonObject message = messages.getJsonObject(i);
      if ("user".equals(message.getString("role"))) {
        Object content = message.getValue("content");
        if (content instanceof String s) {
          return s;
        }
        if (content instanceof JsonArray parts) {
          StringBuilder text = new StringBuilder();
          for (Object part : parts) {
            if (part instanceof JsonObject p && "text".equals(p.getString("type"))) {
              text.append(p.getString("text", ""));
            }
          }
          return text.toString();
        }
        throw new IllegalArgumentException("the user message has no text content");
      }
    }
    throw new IllegalArgumentException("'messages' holds no user message");
  }

  private Sampling sampling(JsonObject body) {
    double temperature = number(body, "temperature", 1.0);
    double topP = number(body, "top_p", 1.0);
    Number max = body.getNumber("max_tokens", body.getNumber("max_completion_tokens"));
    int maxTokens = max == null ? Sampling.DEFAULT_MAX_TOKENS : max.intValue();
    if (maxTokens > student.config().context()) {
      throw new IllegalArgumentException("'max_tokens' " + maxTokens
          + " exceeds the model's context of " + student.config().context());
    }
    Number seed = body.getNumber("seed");
    return new Sampling(temperature, topP, maxTokens, seed == null ? 0 : seed.longValue(),
        body.getBoolean("ignore_eos", false));
  }

  private static int choicesPerPrompt(JsonObject body, int prompts) {
    Number n = body.getNumber("n");
    int value = n == null ? 1 : n.intValue();
    if (value < 1) {
      throw new IllegalArgumentException("'n' must be >= 1 but was " + value);
    }
    if ((long) value * prompts > MAX_CHOICES) {
      throw new IllegalArgumentException("at most " + MAX_CHOICES + " choices per request");
    }
    return value;
  }

  private static double number(JsonObject body, String field, double fallback) {
    Number value = body.getNumber(field);
    return value == null ? fallback : value.doubleValue();
  }

  private static List<String> repeat(List<String> prompts, int n) {
    List<String> rows = new ArrayList<>(prompts.size() * n);
    for (String p : prompts) {
      for (int j = 0; j < n; j++) {
        rows.add(p);
      }
    }
    return rows;
  }

  private static void error(RoutingContext ctx, int status, String message, String type) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
        .end(new JsonObject().put("error", new JsonObject().put("message", message)
            .put("type", type).putNull("param").put("code", status)).encode());
  }
}

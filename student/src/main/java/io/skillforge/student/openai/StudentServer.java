package io.skillforge.student.openai;

import io.skillforge.student.Completion;
import io.skillforge.student.Sampling;
import io.skillforge.student.builtin.BuiltinStudent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

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
 * max_tokens} or {@code max_completion_tokens} (default {@value Sampling#DEFAULT_MAX_TOKENS}, at
 * most the model's context), {@code seed} (default 0, so an unseeded request is still
 * reproducible), {@code n} (1), vLLM's {@code ignore_eos}, and {@code stream} with {@code
 * stream_options.include_usage}. {@code model} may be left out; another model's name is answered
 * 404 {@code model_not_found}. A prompt that does not fit the context beside the completion's
 * share (see {@link BuiltinStudent#maxPromptTokens}) is refused with 400 {@code
 * context_length_exceeded}, never cut. Other fields are ignored.
 *
 * <p>Streaming ({@code "stream": true}) answers with server-sent events as OpenAI does: per choice
 * one {@code data: {chunk}} event with the whole text (the student generates a completion in one
 * go, so there is nothing to gain from smaller pieces), a closing chunk with its {@code
 * finish_reason}, an optional usage chunk, then {@code data: [DONE]}.
 *
 * <p>Errors use OpenAI's {@code {"error": {"message", "type", "param", "code"}}} shape: 400 for a
 * bad request (the message names the field), 404 for an unknown path or model, 413 for a body over
 * {@value #MAX_BODY_BYTES} bytes, 500 when generation fails.
 *
 * <p>Handlers never block: each request becomes one {@link BuiltinStudent#complete} or {@link
 * BuiltinStudent#generate} call, which runs on the student's own thread (concurrent requests share
 * its batches), and the response is written back on the request's event loop.
 */
public final class StudentServer {
  /** Largest accepted request body. */
  public static final long MAX_BODY_BYTES = 16L << 20;

  private final BuiltinStudent student;
  private final AtomicLong ids = new AtomicLong();

  private StudentServer(BuiltinStudent student) {
    this.student = student;
  }

  /**
   * Starts serving {@code student} on {@code host:port} (port 0 picks a free port; read it from
   * {@link HttpServer#actualPort()}), with the {@link #router} at the root, so the API root is
   * {@code http://host:port/v1}. Closing the returned server stops serving; the student stays open
   * and belongs to the caller.
   */
  public static Future<HttpServer> start(Vertx vertx, BuiltinStudent student, String host,
      int port) {
    return vertx.createHttpServer().requestHandler(router(vertx, student)).listen(port, host);
  }

  /**
   * The API's routes ({@code /v1/models}, {@code /v1/completions}, {@code /v1/chat/completions},
   * and a 404 for anything else), for a server of one's own, or to mount under a path of a larger
   * one: {@code main.route("/student/*").subRouter(StudentServer.router(vertx, student))} makes
   * {@code http://host:port/student/v1} the API root. The router reads request bodies itself (up
   * to {@value #MAX_BODY_BYTES} bytes; one read already by a body handler of the parent is used
   * as it is). The student stays open and belongs to the caller.
   */
  public static Router router(Vertx vertx, BuiltinStudent student) {
    Objects.requireNonNull(student, "student");
    StudentServer server = new StudentServer(student);
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
    router.get("/v1/models").handler(server::models);
    router.post("/v1/completions").handler(ctx -> server.answer(ctx,
        body -> CompletionRequest.completions(body, student)));
    router.post("/v1/chat/completions").handler(ctx -> server.answer(ctx,
        body -> CompletionRequest.chat(body, student)));
    router.route().last().handler(ctx -> error(ctx,
        ApiError.noSuchEndpoint(ctx.request().method().name(), ctx.request().path())));
    router.route().failureHandler(ctx -> {
      int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
      error(ctx, status == 413 ? ApiError.of(413, "the request body is over " + MAX_BODY_BYTES
              + " bytes") : ApiError.of(status, status >= 500 ? "the server failed"
              : "the request failed (HTTP " + status + ")"));
    });
    return router;
  }

  private void models(RoutingContext ctx) {
    JsonObject model = new JsonObject().put("id", student.name()).put("object", "model")
        .put("created", 0).put("owned_by", "skillforge")
        .put("max_model_len", student.config().context());
    ctx.json(new JsonObject().put("object", "list").put("data", new JsonArray().add(model)));
  }

  private void answer(RoutingContext ctx,
      Function<io.vertx.core.buffer.Buffer, CompletionRequest> read) {
    CompletionRequest request;
    try {
      request = read.apply(ctx.body().buffer());
    } catch (ApiError e) {
      error(ctx, e);
      return;
    }
    Future<List<Completion>> generated = request.chat()
        ? student.generate(request.rows(), request.sampling())
        : student.complete(request.rows(), request.sampling());
    Context context = ctx.vertx().getOrCreateContext();
    Future.fromCompletionStage(generated.toCompletionStage(), context)
        .onSuccess(completions -> {
          if (request.stream()) {
            stream(ctx, request, completions);
          } else {
            ctx.json(whole(request, completions));
          }
        })
        .onFailure(e -> error(ctx, ApiError.of(500, "generation failed: " + e.getMessage())));
  }

  private JsonObject whole(CompletionRequest request, List<Completion> completions) {
    JsonArray choices = new JsonArray();
    for (int i = 0; i < completions.size(); i++) {
      Completion c = completions.get(i);
      JsonObject choice = new JsonObject().put("index", i);
      if (request.chat()) {
        choice.put("message", new JsonObject().put("role", "assistant").put("content", c.text()));
      } else {
        choice.put("text", c.text());
      }
      choices.add(choice.putNull("logprobs").put("finish_reason", c.finish().wireName()));
    }
    return envelope(request, request.chat() ? "chat.completion" : "text_completion")
        .put("choices", choices).put("usage", usage(request, completions));
  }

  /** The answer as server-sent events: a chunk per choice, a closing one, usage, [DONE]. */
  private void stream(RoutingContext ctx, CompletionRequest request, List<Completion> completions) {
    HttpServerResponse response = ctx.response().setChunked(true)
        .putHeader("content-type", "text/event-stream").putHeader("cache-control", "no-cache");
    String object = request.chat() ? "chat.completion.chunk" : "text_completion";
    JsonObject envelope = envelope(request, object);
    for (int i = 0; i < completions.size(); i++) {
      Completion c = completions.get(i);
      JsonObject text = new JsonObject().put("index", i);
      JsonObject last = new JsonObject().put("index", i);
      if (request.chat()) {
        text.put("delta", new JsonObject().put("role", "assistant").put("content", c.text()))
            .putNull("finish_reason");
        last.put("delta", new JsonObject());
      } else {
        text.put("text", c.text()).putNull("finish_reason");
        last.put("text", "");
      }
      last.put("finish_reason", c.finish().wireName());
      event(response, envelope.copy().put("choices", new JsonArray().add(text)));
      event(response, envelope.copy().put("choices", new JsonArray().add(last)));
    }
    if (request.includeUsage()) {
      event(response, envelope.copy().put("choices", new JsonArray())
          .put("usage", usage(request, completions)));
    }
    response.end("data: [DONE]\n\n");
  }

  private static void event(HttpServerResponse response, JsonObject chunk) {
    response.write("data: " + chunk.encode() + "\n\n");
  }

  private JsonObject envelope(CompletionRequest request, String object) {
    return new JsonObject().put("id", (request.chat() ? "chatcmpl-" : "cmpl-")
            + ids.incrementAndGet()).put("object", object)
        .put("created", System.currentTimeMillis() / 1000).put("model", student.name());
  }

  private static JsonObject usage(CompletionRequest request, List<Completion> completions) {
    long promptTokens = request.rows().stream()
        .mapToLong(r -> r.getBytes(StandardCharsets.UTF_8).length).sum();
    long completionTokens = completions.stream().mapToLong(Completion::tokens).sum();
    return new JsonObject().put("prompt_tokens", promptTokens)
        .put("completion_tokens", completionTokens)
        .put("total_tokens", promptTokens + completionTokens);
  }

  private static void error(RoutingContext ctx, ApiError error) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response().setStatusCode(error.status()).putHeader("content-type", "application/json")
        .end(error.toJson().encode());
  }
}

package io.skillforge.server.http;

import io.skillforge.skills.concurrent.Await;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Sits between a server and teacher-sim and records each teacher request (a digest of its body)
 * and whether its answer reached the server. It can be frozen: answers that come back while it is
 * frozen are held and never delivered, as when the server dies with calls in flight.
 */
final class RecordingProxy implements AutoCloseable {
  /** One request: its body's digest, and whether the answer was delivered. */
  static final class Call {
    final String digest;
    volatile boolean delivered;

    Call(String digest) {
      this.digest = digest;
    }
  }

  private final Vertx vertx;
  private final WebClient upstream;
  private final String target;
  private final List<Call> calls = new ArrayList<>();
  private volatile boolean frozen;
  private volatile long delayMs;
  private HttpServer server;

  /** @param target the sim's root, such as {@code http://127.0.0.1:8091} */
  RecordingProxy(Vertx vertx, String target) {
    this.vertx = vertx;
    this.upstream = WebClient.create(vertx);
    this.target = target;
  }

  RecordingProxy start() {
    server = Await.result(vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      Call call = new Call(digest(body));
      synchronized (calls) {
        calls.add(call);
      }
      long delay = delayMs;
      if (delay > 0) {
        vertx.setTimer(delay, t -> forward(request, body, call));
      } else {
        forward(request, body, call);
      }
    })).listen(0, "127.0.0.1"));
    return this;
  }

  private void forward(HttpServerRequest request, Buffer body, Call call) {
    upstream.requestAbs(request.method(), target + request.uri()).putHeaders(request.headers())
        .sendBuffer(body).onComplete(answer -> {
          if (frozen || answer.failed()) {
            return; // held: the caller never gets it
          }
          request.response().setStatusCode(answer.result().statusCode())
              .putHeader("Content-Type", "application/json")
              .end(answer.result().bodyAsBuffer() == null ? Buffer.buffer() : answer.result().bodyAsBuffer())
              .onSuccess(v -> call.delivered = true);
        });
  }

  /** Holds each request this long before passing it on, as a slower teacher would. */
  void delay(long millis) {
    this.delayMs = millis;
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.actualPort() + "/v1";
  }

  void freeze(boolean frozen) {
    this.frozen = frozen;
  }

  List<Call> calls() {
    synchronized (calls) {
      return List.copyOf(calls);
    }
  }

  private static String digest(Buffer body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes()));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    if (server != null) {
      Await.result(server.close());
    }
    upstream.close();
  }

  static String text(Buffer body) {
    return body.toString(StandardCharsets.UTF_8);
  }
}

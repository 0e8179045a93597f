package io.skillforge.server.http;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.skillforge.server.config.SkillforgeConfig;
import io.skillforge.skills.concurrent.Await;
import io.vertx.core.Vertx;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A real server on a free loopback port over a data directory, with Vert.x metrics and the
 * blocked-thread watch, and a client that sends requests with or without the token.
 */
final class ServerFixture implements AutoCloseable {
  static final String TOKEN = "test-token-7d1c";

  final Vertx vertx;
  final BlockedThreadWatch watch = new BlockedThreadWatch();
  final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  final Path dataDir;
  final Map<String, String> env;
  final ServerOptions options;
  SkillforgeServer server;

  ServerFixture(Path dataDir, Map<String, String> env, ServerOptions options) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    this.vertx = Vertx.builder()
        .with(BlockedThreadWatch.options().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
            .addLabels(Label.HTTP_ROUTE)))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .build();
    this.dataDir = dataDir;
    this.env = new HashMap<>(env);
    this.options = options;
    this.server = Await.result(SkillforgeServer.start(vertx, registry, options,
        e -> SkillforgeConfig.load(e, null), this.env));
  }

  /** A server with the token, small limits, one worker and a queue of 4. */
  static ServerFixture start(Path dataDir, Map<String, String> env) {
    return new ServerFixture(dataDir, env, defaults(dataDir));
  }

  static ServerOptions defaults(Path dataDir) {
    return new ServerOptions("127.0.0.1", 0, TOKEN, dataDir, 1 << 20, 1, 4, 2);
  }

  String base() {
    return "http://127.0.0.1:" + server.port();
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + TOKEN);
  }

  HttpResponse<String> send(HttpRequest request) throws Exception {
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path) throws Exception {
    return send(request(path).GET().build());
  }

  HttpResponse<String> post(String path, String json) throws Exception {
    return send(request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build());
  }

  HttpResponse<String> put(String path, String contentType, String body) throws Exception {
    return send(request(path).header("Content-Type", contentType).PUT(HttpRequest.BodyPublishers.ofString(body))
        .build());
  }

  HttpResponse<String> delete(String path) throws Exception {
    return send(request(path).DELETE().build());
  }

  /** Stops the server (running jobs stay unfinished) and starts another on the same data. */
  void restart() {
    Await.result(server.close());
    server = Await.result(SkillforgeServer.start(vertx, null, options, e -> SkillforgeConfig.load(e, null), env));
  }

  @Override
  public void close() {
    try {
      if (server != null) {
        Await.result(server.close());
      }
      Await.result(vertx.close());
      watch.assertNone();
    } finally {
      watch.close();
    }
  }
}

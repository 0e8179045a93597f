package io.skillforge.server.bench;

import io.skillforge.skills.concurrent.Await;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Closed-loop HTTP load: each client sends one request, waits for its answer, optionally thinks,
 * and sends the next, until the time is up; requests alternate between the routes. Clients are
 * Vert.x web clients on event loops of their own Vert.x, keeping connections alive. A request that
 * fails or answers another status than 200 counts as an error. Requests still in flight when the
 * time is up are awaited but not counted.
 */
final class ServerLoad {
  /** One route: its name, and the path of its next request, drawn with the client's random. */
  record Route(String name, Function<Random, String> path) {}

  private final URI base;
  private final String token;
  private final List<Route> routes;

  ServerLoad(URI base, String token, List<Route> routes) {
    this.base = base;
    this.token = token;
    this.routes = List.copyOf(routes);
  }

  /** Runs {@code clients} clients for {@code seconds}; per route, what they measured. */
  Map<String, Latencies> run(int clients, double seconds, long thinkMillis, long seed) {
    Vertx vertx = Vertx.vertx();
    WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost(base.getHost())
        .setDefaultPort(base.getPort()).setKeepAlive(true).setConnectTimeout(10_000).setIdleTimeout(0),
        new PoolOptions().setHttp1MaxSize(clients));
    Map<String, Latencies> latencies = new java.util.LinkedHashMap<>();
    routes.forEach(r -> latencies.put(r.name(), new Latencies()));
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    try {
      List<Future<Void>> loops = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        Promise<Void> done = Promise.promise();
        Random random = new Random(seed * 1_000_003 + c);
        int first = c % routes.size();
        vertx.runOnContext(v -> next(vertx, client, random, first, deadline, thinkMillis, latencies, done));
        loops.add(done.future());
      }
      Await.result(Future.all(loops));
    } finally {
      client.close();
      Await.result(vertx.close());
    }
    return latencies;
  }

  private void next(Vertx vertx, WebClient client, Random random, int routeIndex, long deadline, long thinkMillis,
      Map<String, Latencies> latencies, Promise<Void> done) {
    if (System.nanoTime() >= deadline) {
      done.complete();
      return;
    }
    Route route = routes.get(routeIndex);
    long start = System.nanoTime();
    client.request(HttpMethod.GET, route.path().apply(random)).putHeader("Authorization", "Bearer " + token)
        .timeout(TimeUnit.SECONDS.toMillis(30)).send().onComplete(answer -> {
          long end = System.nanoTime();
          if (end < deadline) {
            Latencies l = latencies.get(route.name());
            HttpResponse<Buffer> response = answer.succeeded() ? answer.result() : null;
            if (response != null && response.statusCode() == 200) {
              l.record(end - start);
            } else {
              l.error();
            }
          }
          int following = (routeIndex + 1) % routes.size();
          if (thinkMillis > 0) {
            vertx.setTimer(thinkMillis, t -> next(vertx, client, random, following, deadline, thinkMillis, latencies,
                done));
          } else {
            next(vertx, client, random, following, deadline, thinkMillis, latencies, done);
          }
        });
  }
}

package io.skillforge.server.http;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Reads a job's server-sent events until the stream ends, as a client would. */
final class EventClient {
  /** One event: its {@code event:} name, {@code id:} and data. */
  record Event(String name, long id, JsonObject data) {}

  private final List<Event> events = new ArrayList<>();
  private final CompletableFuture<List<Event>> ended = new CompletableFuture<>();

  private EventClient() {}

  /** Subscribes to {@code path} (such as {@code /jobs/ID/events}) on a thread of its own. */
  static EventClient open(ServerFixture server, String path) throws Exception {
    EventClient client = new EventClient();
    HttpRequest request = server.request(path).header("Accept", "text/event-stream").GET().build();
    HttpResponse<Stream<String>> response = server.client.send(request, HttpResponse.BodyHandlers.ofLines());
    if (response.statusCode() != 200) {
      throw new AssertionError(path + " answered " + response.statusCode());
    }
    Thread reader = new Thread(() -> client.read(response.body()), "sse " + path);
    reader.setDaemon(true);
    reader.start();
    return client;
  }

  private void read(Stream<String> lines) {
    String name = "message";
    long id = 0;
    StringBuilder data = new StringBuilder();
    try (lines) {
      Iterator<String> it = lines.iterator();
      while (it.hasNext()) {
        String line = it.next();
        if (line.isEmpty()) {
          if (data.length() > 0) {
            Event event = new Event(name, id, new JsonObject(data.toString()));
            synchronized (this) {
              events.add(event);
              notifyAll();
            }
          }
          name = "message";
          id = 0;
          data.setLength(0);
        } else if (line.startsWith("event: ")) {
          name = line.substring(7);
        } else if (line.startsWith("id: ")) {
          id = Long.parseLong(line.substring(4));
        } else if (line.startsWith("data: ")) {
          data.append(line.substring(6));
        }
      }
      synchronized (this) {
        ended.complete(List.copyOf(events));
        notifyAll();
      }
    } catch (RuntimeException e) {
      ended.completeExceptionally(e);
    }
  }

  /** Every event, once the server ended the stream. */
  List<Event> awaitEnd(long seconds) throws Exception {
    return ended.get(seconds, TimeUnit.SECONDS);
  }

  /** Waits for an event that matches. */
  synchronized Event await(Predicate<Event> match, long seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (true) {
      for (Event e : events) {
        if (match.test(e)) {
          return e;
        }
      }
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0 || ended.isDone()) {
        throw new AssertionError("no such event; got " + events);
      }
      wait(left);
    }
  }
}

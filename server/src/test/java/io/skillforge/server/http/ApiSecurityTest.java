package io.skillforge.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillforge.skills.errors.BadInputException;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The token, the body limits, malformed bodies and names that would leave their directories. */
class ApiSecurityTest {
  @TempDir static Path dir;
  static ServerFixture server;

  /** One request per route of the contract (method, path), with real-looking values. */
  static final List<String[]> ROUTES = List.of(
      new String[] {"GET", "/openapi.yaml"}, new String[] {"GET", "/metrics"}, new String[] {"GET", "/jobs"},
      new String[] {"POST", "/jobs"}, new String[] {"GET", "/jobs/abc-1"}, new String[] {"DELETE", "/jobs/abc-1"},
      new String[] {"GET", "/jobs/abc-1/events"}, new String[] {"GET", "/jobs/abc-1/artifacts"},
      new String[] {"GET", "/jobs/abc-1/artifacts/report.html"}, new String[] {"GET", "/events"},
      new String[] {"GET", "/datasets"}, new String[] {"PUT", "/datasets/items"},
      new String[] {"GET", "/datasets/items"}, new String[] {"DELETE", "/datasets/items"},
      new String[] {"GET", "/index/search?q=x"}, new String[] {"GET", "/index/stats"},
      new String[] {"POST", "/index/exports"}, new String[] {"GET", "/catalogs"},
      new String[] {"GET", "/catalogs/world"}, new String[] {"PUT", "/catalogs/world"},
      new String[] {"DELETE", "/catalogs/world"}, new String[] {"GET", "/students"},
      new String[] {"POST", "/students"}, new String[] {"GET", "/students/s1"},
      new String[] {"DELETE", "/students/s1"}, new String[] {"GET", "/students/s1/skill-gaps?dataset=items"},
      new String[] {"POST", "/students/s1/v1/chat/completions"}, new String[] {"GET", "/"},
      new String[] {"GET", "/assets/app.js"});

  @BeforeAll
  static void start() {
    server = ServerFixture.start(dir.resolve("data"), Map.of());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<String> anonymous(String method, String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.base() + path))
        .method(method, method.equals("POST") || method.equals("PUT")
            ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody())
        .header("Content-Type", "application/json");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return server.send(request.build());
  }

  @Test
  void everyRoute_withoutTheToken_is401() throws Exception {
    for (String[] route : ROUTES) {
      for (String token : new String[] {null, "wrong", ServerFixture.TOKEN + "x", ""}) {
        HttpResponse<String> r = anonymous(route[0], route[1], token);
        assertEquals(401, r.statusCode(), route[0] + " " + route[1] + " with " + token + ": " + r.body());
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""));
        assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        assertEquals(401, new JsonObject(r.body()).getInteger("status"));
      }
    }
    assertEquals(200, anonymous("GET", "/health", null).statusCode());
  }

  @Test
  void browserWithoutTheToken_getsTheLoginForm_andTheFormSetsACookie() throws Exception {
    HttpResponse<String> page = server.send(HttpRequest.newBuilder(URI.create(server.base() + "/"))
        .header("Accept", "text/html").GET().build());
    assertEquals(401, page.statusCode());
    assertTrue(page.body().contains("<form method=\"post\" action=\"/login\""), page.body());
    HttpResponse<String> wrong = server.send(HttpRequest.newBuilder(URI.create(server.base() + "/login"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("token=nope")).build());
    assertEquals(401, wrong.statusCode());
    HttpResponse<String> right = server.send(HttpRequest.newBuilder(URI.create(server.base() + "/login"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("token=" + ServerFixture.TOKEN)).build());
    assertEquals(303, right.statusCode());
    String cookie = right.headers().firstValue("Set-Cookie").orElseThrow();
    assertTrue(cookie.toLowerCase(java.util.Locale.ROOT).contains("httponly") && cookie.contains("SameSite=Strict"),
        cookie);
    HttpResponse<String> withCookie = server.send(HttpRequest.newBuilder(URI.create(server.base() + "/jobs"))
        .header("Cookie", cookie.substring(0, cookie.indexOf(';'))).GET().build());
    assertEquals(200, withCookie.statusCode(), withCookie.body());
  }

  @Test
  void malformedAndInvalidBodies_are400_andStoreNothing() throws Exception {
    for (String body : new String[] {"{not json", "[]", "{\"kind\":\"label\"}", "{\"kind\":\"nope\"}",
        "{\"kind\":\"import\",\"dataset\":\"items\",\"colour\":1}", "{\"kind\":\"train\",\"data\":\"d\",\"out\":\"s\","
        + "\"steps\":\"many\"}", "{\"kind\":\"import\",\"dataset\":\"missing\"}"}) {
      HttpResponse<String> r = server.post("/jobs", body);
      assertEquals(400, r.statusCode(), body + ": " + r.body());
      JsonObject problem = new JsonObject(r.body());
      assertEquals(400, problem.getInteger("status"));
      assertFalse(problem.getString("detail").isBlank());
    }
    assertEquals(0, new JsonObject(server.get("/jobs").body()).getJsonArray("jobs").size());
    HttpResponse<String> text = server.send(server.request("/jobs").header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
    assertEquals(400, text.statusCode(), text.body());
  }

  @Test
  void oversizeBodies_are413_andStoreNothing() throws Exception {
    String stored = "{\"id\":\"a\",\"question\":\"What is 2+3?\",\"answer\":\"5\"}\n";
    assertEquals(201, server.put("/datasets/kept", "application/octet-stream", stored).statusCode());
    String big = "x".repeat((1 << 20) + 10);
    HttpResponse<String> job = server.post("/jobs", "{\"kind\":\"import\",\"dataset\":\"" + big + "\"}");
    assertEquals(413, job.statusCode(), job.body());
    assertEquals(413, new JsonObject(job.body()).getInteger("status"));
    HttpResponse<String> upload = server.put("/datasets/kept", "application/octet-stream", stored + big);
    assertEquals(413, upload.statusCode(), upload.body());
    assertEquals(1, Files.readAllLines(server.dataDir.resolve("datasets/kept.jsonl")).size());
    assertEquals(0, new JsonObject(server.get("/jobs").body()).getJsonArray("jobs").size());
    try (var files = Files.list(server.dataDir.resolve("datasets"))) {
      assertEquals(List.of("kept.jsonl"), files.map(f -> f.getFileName().toString()).toList(),
          "no partial upload is left behind");
    }
  }

  @Test
  void namesThatLeaveTheirDirectory_areRefused() throws Exception {
    for (String path : new String[] {"/datasets/..%2Fjobs", "/datasets/.hidden", "/catalogs/..%2F..%2Fetc"}) {
      HttpResponse<String> r = server.put(path, "application/json", "{\"skills\":[]}");
      assertEquals(400, r.statusCode(), path + ": " + r.body());
    }
    for (String path : new String[] {"/students/..%2Fdatasets", "/datasets/..%2F..%2Fjobs.db"}) {
      assertEquals(400, server.delete(path).statusCode(), path);
      assertEquals(400, server.get(path).statusCode(), path);
    }
    assertTrue(Files.exists(server.dataDir.resolve("jobs.db")));
    HttpResponse<String> artifact = server.get("/jobs/abc-1/artifacts/..%2F..%2Fjobs.db");
    assertTrue(artifact.statusCode() == 400 || artifact.statusCode() == 404, artifact.body());
    HttpResponse<String> job = server.post("/jobs", "{\"kind\":\"label\",\"dataset\":\"../x\",\"catalog\":\"c\","
        + "\"out\":\"o\"}");
    assertEquals(400, job.statusCode(), job.body());
    assertFalse(Files.exists(server.dataDir.resolve("jobs.db").resolveSibling("x.jsonl")));
  }

  @Test
  void unknownRoute_isAProblem404() throws Exception {
    HttpResponse<String> r = server.get("/nothing/here");
    assertEquals(404, r.statusCode());
    assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""));
  }

  @Test
  void noToken_onANonLoopbackAddress_isRefused() {
    ServerOptions open = new ServerOptions("0.0.0.0", 0, null, dir, 1 << 20, 1, 1, 1);
    BadInputException e = assertThrows(BadInputException.class, open::requireSafeBinding);
    assertTrue(e.getMessage().contains("not a loopback address"), e.getMessage());
    new ServerOptions("127.0.0.1", 0, null, dir, 1 << 20, 1, 1, 1).requireSafeBinding();
    new ServerOptions("0.0.0.0", 0, "t", dir, 1 << 20, 1, 1, 1).requireSafeBinding();
  }

  @Test
  void contract_isServed() throws Exception {
    HttpResponse<String> r = server.get("/openapi.yaml");
    assertEquals(200, r.statusCode());
    assertTrue(r.body().startsWith("openapi: 3.1.0"), r.body());
  }
}

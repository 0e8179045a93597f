package io.skillforge.synthesis.teacher.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.skills.Example;
import io.skillforge.skills.SkillCatalog;
import io.skillforge.skills.world.Problem;
import io.skillforge.skills.world.SkillMix;
import io.skillforge.skills.world.SkillWorld;
import io.skillforge.skills.world.WorldGenerator;
import io.skillforge.synthesis.teacher.Attempt;
import io.skillforge.synthesis.teacher.BuiltinTeacher;
import io.skillforge.synthesis.teacher.Diagnosis;
import io.skillforge.synthesis.teacher.Synthesis;
import io.skillforge.synthesis.teacher.SynthesisRequest;
import io.skillforge.synthesis.teacher.Verdict;
import io.skillforge.synthesis.teacher.prompt.ChatPrompt;
import io.skillforge.synthesis.teacher.prompt.TeacherPrompts;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The simulator over real HTTP on a free port, driven by java.net.http. */
class TeacherSimTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SkillCatalog CATALOG = SkillWorld.catalog();
  private static Vertx vertx;
  private static HttpClient http;
  private final List<TeacherSim> started = new ArrayList<>();

  @BeforeAll
  static void setUp() {
    vertx = Vertx.vertx();
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterAll
  static void tearDown() {
    await(vertx.close());
  }

  @AfterEach
  void stopSims() {
    started.forEach(s -> await(s.close()));
  }

  private TeacherSim sim(SimOptions options) {
    TeacherSim sim = new TeacherSim(vertx, options);
    int port = await(sim.start());
    assertTrue(port > 0);
    started.add(sim);
    return sim;
  }

  @Test
  void models_listsTheModel() throws Exception {
    TeacherSim sim = sim(SimOptions.defaults());
    HttpResponse<String> r = get(sim.baseUrl() + "/models");
    assertEquals(200, r.statusCode());
    assertEquals(SimOptions.DEFAULT_MODEL, JSON.readTree(r.body()).at("/data/0/id").asText());
  }

  @Test
  void chat_labelPrompt_answersGroundTruthWithUsage() throws Exception {
    TeacherSim sim = sim(SimOptions.defaults());
    List<Example> items = new WorldGenerator(21, SkillMix.uniform(), 0.3).examples(200, "s", "train");
    HttpResponse<String> r = post(sim, chatBody(TeacherPrompts.label(items, CATALOG), Map.of()));
    assertEquals(200, r.statusCode(), r.body());
    JsonNode body = JSON.readTree(r.body());
    assertEquals("chat.completion", body.get("object").asText());
    assertEquals("stop", body.at("/choices/0/finish_reason").asText());
    assertEquals("assistant", body.at("/choices/0/message/role").asText());
    JsonNode usage = body.get("usage");
    assertTrue(usage.get("prompt_tokens").asLong() > 1000);
    assertEquals(usage.get("prompt_tokens").asLong() + usage.get("completion_tokens").asLong(),
        usage.get("total_tokens").asLong());
    JsonNode labels = JSON.readTree(body.at("/choices/0/message/content").asText()).get("labels");
    assertEquals(items.size(), labels.size());
    for (int i = 0; i < items.size(); i++) {
      assertEquals(items.get(i).id(), labels.get(i).get("id").asText());
      List<String> skills = new ArrayList<>();
      labels.get(i).get("skills").forEach(n -> skills.add(n.asText()));
      assertEquals(items.get(i).skills(), skills);
    }
  }

  @Test
  void chat_diagnoseVerifySynthesize_matchTheBuiltinTeacher() throws Exception {
    TeacherSim sim = sim(SimOptions.defaults());
    BuiltinTeacher builtin = new BuiltinTeacher();
    WorldGenerator g = new WorldGenerator(8, SkillMix.uniform(), 0.5);
    SplittableRandom rng = new SplittableRandom(8);
    List<Attempt> attempts = new ArrayList<>();
    List<Example> items = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      Problem p = g.next();
      Example e = SkillWorld.toExample(p, "d" + i, "test");
      String response = i % 3 == 0 ? p.responseText()
          : SkillWorld.faultyResponse(p, i % p.steps().size(), rng, i % 2 == 0);
      attempts.add(new Attempt(e, response));
      items.add(i % 2 == 0 ? e
          : Example.of(e.id(), e.question(), response.substring(0, response.lastIndexOf("\n####")),
              response.substring(response.lastIndexOf("#### ") + 5), List.of(), Example.Source.IMPORTED, "test"));
    }

    JsonNode diagnoses = content(post(sim, chatBody(TeacherPrompts.diagnose(attempts, CATALOG), Map.of()))).get("diagnoses");
    List<Diagnosis> expected = BuiltinTeacherAwait.await(builtin.diagnose(attempts, CATALOG));
    for (int i = 0; i < attempts.size(); i++) {
      JsonNode d = diagnoses.get(i);
      assertEquals(expected.get(i).itemId(), d.get("id").asText());
      assertEquals(expected.get(i).correct(), d.get("correct").asBoolean());
      assertEquals(expected.get(i).missingSkills(), texts(d.get("missingSkills")));
      assertEquals(expected.get(i).explanation(), d.get("explanation").asText());
    }

    JsonNode verdicts = content(post(sim, chatBody(TeacherPrompts.verify(items), Map.of()))).get("verdicts");
    List<Verdict> verified = BuiltinTeacherAwait.await(builtin.verify(items));
    for (int i = 0; i < items.size(); i++) {
      assertEquals(verified.get(i).correct(), verdicts.get(i).get("correct").asBoolean());
      assertEquals(verified.get(i).answer(), verdicts.get(i).get("answer").asText());
    }

    SynthesisRequest request = new SynthesisRequest(List.of("percent", "compare"), 6, items.subList(0, 3), 99);
    JsonNode drafts = content(post(sim, chatBody(TeacherPrompts.synthesize(request, CATALOG), Map.of()))).get("items");
    Synthesis synthesis = BuiltinTeacherAwait.await(builtin.synthesize(request, CATALOG));
    assertEquals(synthesis.items().size(), drafts.size());
    int withADissent = 0;
    for (int i = 0; i < drafts.size(); i++) {
      Example e = synthesis.items().get(i);
      JsonNode d = drafts.get(i);
      assertEquals(e.question(), d.get("question").asText());
      assertEquals(e.skills(), texts(d.get("skills")));
      JsonNode sols = d.get("solutions");
      assertEquals(TeacherPrompts.SOLUTIONS_PER_ITEM, sols.size());
      int agreeing = 0;
      for (JsonNode s : sols) {
        if (s.get("answer").asText().equals(e.answer()) && s.get("rationale").asText().equals(e.rationale())) {
          agreeing++;
        }
      }
      assertTrue(agreeing >= 2, "a majority of solutions must agree: " + d);
      withADissent += agreeing < sols.size() ? 1 : 0;
    }
    assertTrue(withADissent > 0, "some drafts should carry a wrong solution for the vote to reject");
  }

  @Test
  void chat_unrecognisedPrompt_isA200WithAnErrorObject() throws Exception {
    TeacherSim sim = sim(SimOptions.defaults());
    ObjectNode body = JSON.createObjectNode();
    body.put("model", "gpt-x");
    body.putArray("messages").addObject().put("role", "user").put("content", "Tell me a joke");
    HttpResponse<String> r = post(sim, body);
    assertEquals(200, r.statusCode());
    JsonNode content = content(r);
    assertEquals("unrecognised prompt", content.get("error").asText());
    assertEquals("gpt-x", JSON.readTree(r.body()).get("model").asText());
    assertEquals(1, sim.stats().unrecognised());
  }

  @Test
  void chat_badRequest_is400() throws Exception {
    TeacherSim sim = sim(SimOptions.defaults());
    HttpRequest req = HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/chat/completions"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"messages\": 5"))
        .build();
    HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
    assertEquals(400, r.statusCode());
    assertEquals("invalid_request_error", JSON.readTree(r.body()).at("/error/type").asText());
  }

  @Test
  void chat_maxTokens_cutsTheAnswerWithLengthFinish() throws Exception {
    TeacherSim sim = sim(SimOptions.defaults());
    List<Example> items = new WorldGenerator(2, SkillMix.uniform(), 0).examples(50, "m", "train");
    HttpResponse<String> r = post(sim, chatBody(TeacherPrompts.label(items, CATALOG), Map.of("max_tokens", 20, "n", 2)));
    JsonNode body = JSON.readTree(r.body());
    assertEquals(2, body.get("choices").size());
    assertEquals("length", body.at("/choices/0/finish_reason").asText());
    assertEquals(80, body.at("/choices/1/message/content").asText().length());
  }

  @Test
  void chat_latency_delaysEveryAnswer() throws Exception {
    TeacherSim sim = sim(SimOptions.defaults().withLatencyMs(150).withFaults(0.5, 0, 3));
    ObjectNode body = chatBody(TeacherPrompts.verify(
        new WorldGenerator(1, SkillMix.uniform(), 0).examples(3, "l", "train")), Map.of());
    for (int i = 0; i < 6; i++) {
      long t0 = System.nanoTime();
      post(sim, body);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertTrue(ms >= 145, "answered after " + ms + " ms");
    }
  }

  @Test
  void chat_faultRates_matchTheSettingsOver1000Calls() throws Exception {
    double failRate = 0.2;
    double malformedRate = 0.1;
    Map<String, Integer> outcomes = run1000(failRate, malformedRate, 42);
    int ok = outcomes.getOrDefault("ok", 0);
    int malformed = outcomes.getOrDefault("malformed", 0);
    int r429 = outcomes.getOrDefault("429", 0);
    int r500 = outcomes.getOrDefault("500", 0);
    assertEquals(1000, ok + malformed + r429 + r500, outcomes.toString());
    assertEquals(failRate, (r429 + r500) / 1000.0, 0.03, outcomes.toString());
    assertEquals(failRate / 2, r429 / 1000.0, 0.03, outcomes.toString());
    assertEquals(malformedRate, malformed / (double) (ok + malformed), 0.03, outcomes.toString());
  }

  /** Sends 1,000 sequential label calls and counts ok / malformed / 429 / 500. */
  private Map<String, Integer> run1000(double failRate, double malformedRate, long seed) throws Exception {
    TeacherSim sim = sim(SimOptions.defaults().withFaults(failRate, malformedRate, seed).withRetryAfterMs(1500));
    List<Example> items = new WorldGenerator(4, SkillMix.uniform(), 0).examples(2, "f", "train");
    ObjectNode body = chatBody(TeacherPrompts.label(items, CATALOG), Map.of());
    Map<String, Integer> outcomes = new HashMap<>();
    for (int i = 0; i < 1000; i++) {
      HttpResponse<String> r = post(sim, body);
      String outcome;
      if (r.statusCode() == 429) {
        assertEquals("2", r.headers().firstValue("Retry-After").orElse(""));
        assertEquals("1500", r.headers().firstValue("retry-after-ms").orElse(""));
        outcome = "429";
      } else if (r.statusCode() == 500) {
        outcome = "500";
      } else {
        assertEquals(200, r.statusCode());
        String content = JSON.readTree(r.body()).at("/choices/0/message/content").asText();
        try {
          JsonNode parsed = JSON.readTree(content);
          assertEquals(2, parsed.get("labels").size());
          outcome = "ok";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          outcome = "malformed";
        }
      }
      outcomes.merge(outcome, 1, Integer::sum);
    }
    SimStats stats = sim.stats();
    assertEquals(1000, stats.chatCalls());
    assertEquals((long) outcomes.getOrDefault("malformed", 0), stats.malformed());
    return outcomes;
  }

  private static ObjectNode chatBody(ChatPrompt prompt, Map<String, Object> extra) {
    ObjectNode body = JSON.createObjectNode();
    body.put("model", SimOptions.DEFAULT_MODEL);
    body.put("temperature", 0.0);
    ArrayNode messages = body.putArray("messages");
    messages.addObject().put("role", "system").put("content", prompt.system());
    messages.addObject().put("role", "user").put("content", prompt.user());
    extra.forEach((k, v) -> body.set(k, JSON.valueToTree(v)));
    return body;
  }

  private static HttpResponse<String> post(TeacherSim sim, ObjectNode body) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/chat/completions"))
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer not-needed")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
        .build();
    return http.send(req, HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode content(HttpResponse<String> r) throws Exception {
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(JSON.readTree(r.body()).at("/choices/0/message/content").asText());
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static <T> T await(Future<T> f) {
    return BuiltinTeacherAwait.await(f);
  }

  /** Waits for a future off the event loop. */
  static final class BuiltinTeacherAwait {
    static <T> T await(Future<T> f) {
      try {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }
  }
}

package io.skillforge.server.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skillforge.skills.Example;
import io.skillforge.skills.world.Problem;
import io.skillforge.skills.world.SkillWorld;
import io.skillforge.skills.world.WorldJsonl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorldCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  @Test
  void generate_sameSeed_sameBytes_differentSeed_differentItems() throws Exception {
    Path a = dir.resolve("a.jsonl");
    Path b = dir.resolve("b.jsonl");
    Path c = dir.resolve("c.jsonl");
    assertEquals(0, CliTest.run("world", "generate", "--count", "500", "--seed", "9", "--mix", "zipf:1.2", "--out", a.toString()).code());
    assertEquals(0, CliTest.run("world", "generate", "--count", "500", "--seed", "9", "--mix", "zipf:1.2", "--out", b.toString()).code());
    assertEquals(0, CliTest.run("world", "generate", "--count", "500", "--seed", "10", "--mix", "zipf:1.2", "--out", c.toString()).code());
    assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    assertFalse(Files.readString(a).equals(Files.readString(c)));
    List<String> lines = Files.readAllLines(a, StandardCharsets.UTF_8);
    assertEquals(500, lines.size());
    JsonNode first = JSON.readTree(lines.get(0));
    for (String field : List.of("id", "question", "rationale", "answer", "skills")) {
      assertTrue(first.has(field), field + " missing in " + first);
    }
  }

  @Test
  void generate_badMix_isUsageError() {
    CliTest.Run run = CliTest.run("world", "generate", "--count", "5", "--mix", "zipf:oops");
    assertEquals(ExitCodes.USAGE, run.code());
    assertTrue(run.err().contains("zipf"), run.err());
  }

  @Test
  void skills_json_listsTheCatalog() throws Exception {
    CliTest.Run run = CliTest.run("world", "skills", "--json");
    assertEquals(0, run.code());
    JsonNode skills = JSON.readTree(run.out()).get("skills");
    assertEquals(SkillWorld.catalog().size(), skills.size());
    assertTrue(skills.size() >= 12);
    assertEquals("add_no_carry", skills.get(0).get("id").asText());
  }

  @Test
  void check_responses_nameTheMissingSkillAndRejectBadLines() throws Exception {
    Path items = dir.resolve("items.jsonl");
    assertEquals(0, CliTest.run("world", "generate", "--count", "30", "--seed", "4",
        "--multi-step-share", "0.5", "--out", items.toString()).code());
    List<Example> examples = new ArrayList<>();
    for (String line : Files.readAllLines(items)) {
      examples.add(WorldJsonl.parse(line));
    }
    SplittableRandom rng = new SplittableRandom(4);
    List<String> responses = new ArrayList<>();
    List<String> expectedMissing = new ArrayList<>();
    for (Example e : examples) {
      Problem p = SkillWorld.parse(e.question()).orElseThrow();
      int k = p.steps().size() - 1;
      responses.add(JSON.createObjectNode().put("id", e.id())
          .put("response", SkillWorld.faultyResponse(p, k, rng, true)).toString());
      expectedMissing.add(p.steps().get(k).skill().id());
    }
    responses.add(JSON.createObjectNode().put("id", examples.get(0).id())
        .put("rationale", examples.get(0).rationale()).put("answer", examples.get(0).answer()).toString());
    responses.add("{broken");
    responses.add("{\"id\": \"nope\", \"response\": \"1\"}");
    Path resp = dir.resolve("responses.jsonl");
    Files.write(resp, responses);

    CliTest.Run run = CliTest.run("world", "check", "--item", items.toString(), "--responses", resp.toString());
    assertEquals(ExitCodes.PARTIAL, run.code(), run.err());
    assertTrue(run.err().contains(":32:") && run.err().contains(":33:"), run.err());
    String[] out = run.out().strip().split("\n");
    assertEquals(31, out.length);
    for (int i = 0; i < 30; i++) {
      JsonNode r = JSON.readTree(out[i]);
      assertEquals(examples.get(i).id(), r.get("id").asText());
      assertFalse(r.get("correct").asBoolean() && r.get("firstWrongStep").asInt() < 0);
      assertEquals(expectedMissing.get(i), r.get("missingSkill").asText(), out[i]);
    }
    JsonNode right = JSON.readTree(out[30]);
    assertTrue(right.get("correct").asBoolean());
    assertEquals(-1, right.get("firstWrongStep").asInt());
    assertTrue(right.get("missingSkill").isNull());
  }
}

package io.skillforge.skills.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skillforge.skills.Example;
import io.skillforge.skills.Provenance;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingSetWriterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Example EXAMPLE =
      new Example("e1", "What is 47+38?", "47+38=85", "85", List.of("add_carry"),
          Example.Source.SYNTHESIZED, "train",
          new Provenance("builtin", "job-1", Instant.parse("2026-01-02T03:04:05Z")), 2.5);

  private static JsonNode writeOne(TrainingFormat format, Example e) throws IOException {
    StringWriter text = new StringWriter();
    try (TrainingSetWriter writer = new TrainingSetWriter(text, format)) {
      writer.write(e);
      assertEquals(1, writer.written());
    }
    String out = text.toString();
    assertEquals(1, out.chars().filter(c -> c == '\n').count(), "one line per example");
    return JSON.readTree(out);
  }

  @Test
  void write_messages_userQuestionAndAssistantStepsWithAnswerLine() throws IOException {
    JsonNode line = writeOne(TrainingFormat.MESSAGES, EXAMPLE);
    assertEquals("user", line.at("/messages/0/role").asText());
    assertEquals("What is 47+38?", line.at("/messages/0/content").asText());
    assertEquals("assistant", line.at("/messages/1/role").asText());
    assertEquals("47+38=85\nThe answer is 85.", line.at("/messages/1/content").asText());
    assertEquals(2.5, line.get("weight").asDouble());
  }

  @Test
  void write_promptCompletionWithUnitWeight_omitsWeight() throws IOException {
    JsonNode line = writeOne(TrainingFormat.PROMPT_COMPLETION, EXAMPLE.withWeight(1.0));
    assertEquals("What is 47+38?", line.get("prompt").asText());
    assertEquals("47+38=85\nThe answer is 85.", line.get("completion").asText());
    assertFalse(line.has("weight"));
  }

  @Test
  void write_full_roundTripsThroughExampleJson() throws IOException {
    JsonNode line = writeOne(TrainingFormat.FULL, EXAMPLE);
    assertEquals(EXAMPLE, ExampleJson.fromNode(line));
  }

  @Test
  void completion_emptyRationale_isAnswerLineOnly() {
    Example bare = Example.of("e2", "q", "", "7", List.of(), Example.Source.IMPORTED, "test");
    assertEquals("The answer is 7.", TrainingSetWriter.completion(bare));
  }
}

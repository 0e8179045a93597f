package io.skillforge.synthesis.teacher.settings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.skillforge.skills.errors.BadInputException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TeacherSettingsTest {
  private static final Path REPOSITORY_YAML = Path.of("..", "conf", "skillforge.yaml");

  /** The repository's conf/skillforge.yaml, teacher section, read without the binder. */
  private static ObjectNode yamlTeacherSection() throws Exception {
    JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(REPOSITORY_YAML.toFile());
    ObjectNode teacher = (ObjectNode) root.get("teacher").deepCopy();
    teacher.remove("profiles");
    return teacher;
  }

  @Test
  void defaults_areTheBundledYaml_everyKeyAndValue() throws Exception {
    try (InputStream bundled = TeacherSettings.class.getResourceAsStream(TeacherSettings.BUNDLED_CONFIG)) {
      assertArrayEquals(Files.readAllBytes(REPOSITORY_YAML), bundled.readAllBytes(),
          "the classpath carries the repository's file");
    }
    ObjectNode yaml = yamlTeacherSection();
    ObjectNode bound = TeacherSettings.defaults().toYaml();
    assertEquals(yaml.size(), bound.size(), "every YAML key is bound, and nothing else");
    yaml.fields().forEachRemaining(field -> {
      JsonNode value = bound.get(field.getKey());
      assertTrue(value != null, field.getKey() + " is bound");
      if (field.getValue().isNumber()) {
        assertEquals(field.getValue().asDouble(), value.asDouble(), 0.0, field.getKey());
      } else {
        assertEquals(field.getValue().asText(), value.asText(), field.getKey());
      }
    });
  }

  @Test
  void defaults_formerDisagreements_followTheYaml() throws Exception {
    // max-tokens, label-batch-size and the rate limits once had other defaults in code.
    ObjectNode yaml = yamlTeacherSection();
    TeacherSettings defaults = TeacherSettings.defaults();
    assertEquals(yaml.get("max-tokens").asInt(), defaults.requests().maxTokens());
    assertEquals(yaml.get("label-batch-size").asInt(), defaults.requests().labelBatchSize());
    assertEquals(yaml.get("requests-per-minute").asLong(), defaults.limits().requestsPerMinute());
    assertEquals(yaml.get("tokens-per-minute").asLong(), defaults.limits().tokensPerMinute());
    assertEquals(yaml.get("retry-max-ms").asLong(),
        defaults.retries().policy().maxDelay().toMillis());
  }

  @Test
  void with_changesOnlyTheNamedKeys() {
    TeacherSettings defaults = TeacherSettings.defaults();
    TeacherSettings changed = defaults.with(Map.of("max-concurrency", 3, "cache-dir", ""));
    assertEquals(3, changed.limits().maxConcurrency());
    assertNull(changed.cache().directory(), "an empty cache-dir means memory only");
    assertEquals(defaults.retries(), changed.retries());
    assertEquals(defaults.requests(), changed.requests());
    assertEquals(defaults.kind(), changed.kind());
  }

  @Test
  void with_maxTokensNull_isTheProvidersDefault() {
    Map<String, Object> keys = new HashMap<>();
    keys.put("max-tokens", null);
    assertNull(TeacherSettings.defaults().with(keys).requests().maxTokens());
  }

  @Test
  void with_maxTokensZero_namesTheYamlKey() {
    var e = assertThrows(BadInputException.class,
        () -> TeacherSettings.defaults().with(Map.of("max-tokens", 0)));
    assertEquals("teacher.max-tokens must be >= 1 but was 0", e.getMessage());
  }

  @Test
  void with_wrongType_namesTheKeyAndTheValue() {
    var e = assertThrows(BadInputException.class,
        () -> TeacherSettings.defaults().with(Map.of("max-concurrency", "many")));
    assertEquals("teacher.max-concurrency must be a whole number but was 'many'", e.getMessage());
  }

  @Test
  void with_numbersAsText_areRead() {
    // Environment variables arrive as text.
    assertEquals(3, TeacherSettings.defaults().with(Map.of("label-batch-size", "3")).requests().labelBatchSize());
  }

  @Test
  void with_unknownKey_isRejected() {
    var e = assertThrows(BadInputException.class,
        () -> TeacherSettings.defaults().with(Map.of("max_tokens", 10)));
    assertTrue(e.getMessage().startsWith("teacher.max_tokens is not a teacher setting"), e.getMessage());
  }

  @Test
  void with_badKindAndStructuredOutput_nameTheKey() {
    var kind = assertThrows(BadInputException.class,
        () -> TeacherSettings.defaults().with(Map.of("kind", "gpt")));
    assertEquals("teacher.kind must be one of builtin, openai-compatible, openai, ollama, anthropic but was 'gpt'",
        kind.getMessage());
    var output = assertThrows(BadInputException.class,
        () -> TeacherSettings.defaults().with(Map.of("structured-output", "xml")));
    assertTrue(output.getMessage().startsWith("teacher.structured-output must be"), output.getMessage());
  }

  @Test
  void with_retryMaxBelowBase_namesBothKeys() {
    var e = assertThrows(BadInputException.class,
        () -> TeacherSettings.defaults().with(Map.of("retry-base-ms", 500, "retry-max-ms", 100)));
    assertEquals("teacher.retry-max-ms must be >= teacher.retry-base-ms (500) but was 100", e.getMessage());
  }

  @Test
  void fromYaml_missingKey_isNamed() {
    ObjectNode section = TeacherSettings.defaults().toYaml();
    section.remove("breaker-failures");
    var e = assertThrows(BadInputException.class, () -> TeacherSettings.fromYaml(section, null));
    assertEquals("teacher.breaker-failures is not set", e.getMessage());
  }

  @Test
  void fromYaml_toYaml_roundTrips() {
    TeacherSettings settings = TeacherSettings.defaults().with(Map.of("kind", "ollama", "temperature", 0.3));
    assertEquals(settings, TeacherSettings.fromYaml(settings.toYaml(), null));
  }

  @Test
  void fromYaml_profile_overlaysItsKeysOnly() {
    ObjectNode section = TeacherSettingsYaml.bundledSection();
    TeacherSettings openai = TeacherSettings.fromYaml(section, "openai");
    assertEquals(TeacherKind.OPENAI, openai.kind());
    assertEquals("OPENAI_API_KEY", openai.endpoint().apiKeyEnv());
    assertNull(openai.endpoint().baseUrl(), "an empty base-url means the provider's public endpoint");
    assertEquals(section.get("profiles").get("openai").get("price-per-million-prompt-tokens").asDouble(),
        openai.costs().pricePerMillionPromptTokens());
    assertEquals(TeacherSettings.defaults().requests(), openai.requests(),
        "keys the profile leaves alone keep the section's value");
  }

  @Test
  void fromYaml_kindName_replacesTheKindOnly() {
    TeacherSettings s = TeacherSettings.fromYaml(TeacherSettingsYaml.bundledSection(), "openai-compatible");
    assertEquals(TeacherKind.OPENAI_COMPATIBLE, s.kind());
    assertEquals(TeacherSettings.defaults().endpoint(), s.endpoint());
    assertEquals(Duration.ofSeconds(TeacherSettings.defaults().endpoint().timeoutSeconds()), s.endpoint().timeout());
  }

  @Test
  void fromYaml_unknownName_listsKindsAndProfiles() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> TeacherSettings.fromYaml(TeacherSettingsYaml.bundledSection(), "gpt-17"));
    assertTrue(e.getMessage().contains("unknown teacher 'gpt-17'") && e.getMessage().contains("anthropic")
        && e.getMessage().contains("sim"), e.getMessage());
  }
}

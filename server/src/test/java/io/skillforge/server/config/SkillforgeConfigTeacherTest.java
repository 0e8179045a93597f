package io.skillforge.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillforge.skills.errors.BadInputException;
import io.skillforge.synthesis.teacher.settings.StructuredOutput;
import io.skillforge.synthesis.teacher.settings.TeacherKind;
import io.skillforge.synthesis.teacher.settings.TeacherSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SkillforgeConfig#teacher(String)}: the merged teacher section, with profiles and kinds. */
class SkillforgeConfigTeacherTest {

  @Test
  void teacher_noUserFile_isTheBundledDefaults() {
    TeacherSettings settings = SkillforgeConfig.load(Map.of(), null).teacher();
    assertEquals(TeacherSettings.defaults(), settings);
    assertTrue(settings.builtin());
  }

  @Test
  void teacher_profile_overlaysItsKeys() {
    TeacherSettings openai = SkillforgeConfig.load(Map.of(), null).teacher("openai");
    assertEquals(TeacherKind.OPENAI, openai.kind());
    assertEquals("OPENAI_API_KEY", openai.endpoint().apiKeyEnv());
    assertNull(openai.endpoint().baseUrl(), "an empty base-url means the provider's public endpoint");
    assertTrue(openai.costs().pricePerMillionPromptTokens() > 0);
    assertEquals(TeacherSettings.defaults().requests(), openai.requests(),
        "keys the profile leaves alone keep the section's value");
  }

  @Test
  void teacher_kindName_replacesTheKindOnly() {
    TeacherSettings s = SkillforgeConfig.load(Map.of(), null).teacher("openai-compatible");
    assertEquals(TeacherKind.OPENAI_COMPATIBLE, s.kind());
    assertEquals("http://127.0.0.1:8091/v1", s.endpoint().baseUrl());
    assertEquals(StructuredOutput.JSON_SCHEMA, s.endpoint().structuredOutput());
    assertEquals(Path.of("data/teacher-cache"), s.cache().directory());
  }

  @Test
  void teacher_unknownName_listsTheChoices() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> SkillforgeConfig.load(Map.of(), null).teacher("gpt-17"));
    assertTrue(e.getMessage().contains("gpt-17") && e.getMessage().contains("anthropic")
        && e.getMessage().contains("sim"), e.getMessage());
  }

  @Test
  void teacher_environment_overridesAKey() {
    TeacherSettings s = SkillforgeConfig.load(
        Map.of("SKILLFORGE_TEACHER_LABEL_BATCH_SIZE", "3", "SKILLFORGE_TEACHER_KIND", "ollama"), null).teacher();
    assertEquals(3, s.requests().labelBatchSize());
    assertEquals(TeacherKind.OLLAMA, s.kind());
  }

  @Test
  void teacher_userFile_overridesKeysAndProfiles(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("t.yaml");
    Files.writeString(file, "teacher:\n  max-tokens: 512\n  profiles:\n    openai:\n      model: gpt-x\n");
    SkillforgeConfig config = SkillforgeConfig.load(Map.of(), file);
    assertEquals(512, config.teacher().requests().maxTokens());
    assertEquals("gpt-x", config.teacher("openai").endpoint().model());
    assertEquals(512, config.teacher("openai").requests().maxTokens());
  }

  @Test
  void teacher_badValuesInTheFile_nameTheYamlKey(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("t.yaml");
    Files.writeString(file, "teacher:\n  kind: gpt\n");
    var kind = assertThrows(BadInputException.class, () -> SkillforgeConfig.load(Map.of(), file).teacher());
    assertTrue(kind.getMessage().startsWith("teacher.kind must be one of") && kind.getMessage().contains("'gpt'"),
        kind.getMessage());
    Files.writeString(file, "teacher:\n  max-tokens: 0\n");
    var tokens = assertThrows(BadInputException.class, () -> SkillforgeConfig.load(Map.of(), file).teacher());
    assertEquals("teacher.max-tokens must be >= 1 but was 0", tokens.getMessage());
  }
}

package io.skillforge.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillforge.synthesis.teacher.llm.LlmTeacherOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TeacherSettingsTest {

  @Test
  void teacher_shippedDefaults_areTheBuiltinTeacher() {
    TeacherSettings settings = SkillforgeConfig.load(Map.of(), null).teacher();
    assertTrue(settings.builtin());
    assertThrows(IllegalStateException.class, settings::toOptions);
  }

  @Test
  void teacher_profile_overlaysItsKeys() {
    TeacherSettings openai = SkillforgeConfig.load(Map.of(), null).teacher("openai");
    assertEquals("openai", openai.kind());
    assertEquals("OPENAI_API_KEY", openai.apiKeyEnv());
    LlmTeacherOptions o = openai.toOptions();
    assertEquals(LlmTeacherOptions.Provider.OPENAI, o.provider());
    assertNull(o.baseUrl(), "an empty base-url means the provider's public endpoint");
    assertTrue(o.pricePerMillionPromptTokens() > 0);
    assertEquals(8, o.labelBatchSize(), "keys the profile leaves alone keep the section's value");
  }

  @Test
  void teacher_kindName_replacesTheKindOnly() {
    TeacherSettings s = SkillforgeConfig.load(Map.of(), null).teacher("openai-compatible");
    LlmTeacherOptions o = s.toOptions();
    assertEquals(LlmTeacherOptions.Provider.OPENAI_COMPATIBLE, o.provider());
    assertEquals("http://127.0.0.1:8091/v1", o.baseUrl());
    assertEquals(Duration.ofSeconds(60), o.timeout());
    assertEquals(LlmTeacherOptions.StructuredOutput.JSON_SCHEMA, o.structuredOutput());
    assertEquals(Path.of("data/teacher-cache"), o.cacheDir());
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
    assertEquals(3, s.labelBatchSize());
    assertEquals(LlmTeacherOptions.Provider.OLLAMA, s.toOptions().provider());
  }

  @Test
  void teacher_badKindInTheFile_isAClearError(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("t.yaml");
    Files.writeString(file, "teacher:\n  kind: gpt\n");
    var e = assertThrows(IllegalArgumentException.class, () -> SkillforgeConfig.load(Map.of(), file).teacher());
    assertTrue(e.getMessage().contains("gpt"), e.getMessage());
  }
}

package io.skillforge.synthesis.teacher.llm;

import io.skillforge.synthesis.teacher.settings.TeacherSettings;
import java.util.Map;

/** Anthropic; runs when {@code ANTHROPIC_API_KEY} is set ({@code SKILLFORGE_IT_ANTHROPIC_MODEL} picks the model). */
class AnthropicTeacherIT extends ProviderIT {
  @Override
  protected String enablingVariable() {
    return "ANTHROPIC_API_KEY";
  }

  @Override
  protected TeacherSettings settings(Map<String, String> env) {
    return base(Map.of(
        "kind", "anthropic",
        "base-url", "",
        "model", env.getOrDefault("SKILLFORGE_IT_ANTHROPIC_MODEL", "claude-3-5-haiku-latest"),
        "api-key-env", "ANTHROPIC_API_KEY",
        "structured-output", "none"));
  }
}

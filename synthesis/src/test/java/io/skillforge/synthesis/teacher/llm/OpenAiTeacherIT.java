package io.skillforge.synthesis.teacher.llm;

import io.skillforge.synthesis.teacher.settings.TeacherSettings;
import java.util.Map;

/** OpenAI; runs when {@code OPENAI_API_KEY} is set ({@code SKILLFORGE_IT_OPENAI_MODEL} picks the model). */
class OpenAiTeacherIT extends ProviderIT {
  @Override
  protected String enablingVariable() {
    return "OPENAI_API_KEY";
  }

  @Override
  protected TeacherSettings settings(Map<String, String> env) {
    return base(Map.of(
        "kind", "openai",
        "base-url", "",
        "model", env.getOrDefault("SKILLFORGE_IT_OPENAI_MODEL", "gpt-4o-mini"),
        "api-key-env", "OPENAI_API_KEY"));
  }
}

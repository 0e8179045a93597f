package io.skillforge.synthesis.teacher.llm;

import io.skillforge.synthesis.teacher.settings.TeacherSettings;
import java.util.Map;

/**
 * A local Ollama; runs when {@code SKILLFORGE_IT_OLLAMA_URL} is set (such as
 * {@code http://localhost:11434}); {@code SKILLFORGE_IT_OLLAMA_MODEL} picks the model.
 */
class OllamaTeacherIT extends ProviderIT {
  @Override
  protected String enablingVariable() {
    return "SKILLFORGE_IT_OLLAMA_URL";
  }

  @Override
  protected TeacherSettings settings(Map<String, String> env) {
    return base(Map.of(
        "kind", "ollama",
        "base-url", env.getOrDefault("SKILLFORGE_IT_OLLAMA_URL", ""),
        "model", env.getOrDefault("SKILLFORGE_IT_OLLAMA_MODEL", "llama3.1"),
        "api-key-env", ""));
  }
}

package io.skillforge.synthesis.teacher.llm;

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
  protected LlmTeacherOptions options(Map<String, String> env) {
    return base(env)
        .provider(LlmTeacherOptions.Provider.OLLAMA)
        .baseUrl(env.get("SKILLFORGE_IT_OLLAMA_URL"))
        .model(env.getOrDefault("SKILLFORGE_IT_OLLAMA_MODEL", "llama3.1"))
        .apiKeyEnv(null)
        .build();
  }
}

package io.skillforge.synthesis.teacher.llm;

import java.util.Map;

/** OpenAI; runs when {@code OPENAI_API_KEY} is set ({@code SKILLFORGE_IT_OPENAI_MODEL} picks the model). */
class OpenAiTeacherIT extends ProviderIT {
  @Override
  protected String enablingVariable() {
    return "OPENAI_API_KEY";
  }

  @Override
  protected LlmTeacherOptions options(Map<String, String> env) {
    return base(env)
        .provider(LlmTeacherOptions.Provider.OPENAI)
        .baseUrl(null)
        .model(env.getOrDefault("SKILLFORGE_IT_OPENAI_MODEL", "gpt-4o-mini"))
        .apiKeyEnv("OPENAI_API_KEY")
        .build();
  }
}

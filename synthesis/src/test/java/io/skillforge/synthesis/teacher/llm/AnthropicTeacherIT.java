package io.skillforge.synthesis.teacher.llm;

import java.util.Map;

/** Anthropic; runs when {@code ANTHROPIC_API_KEY} is set ({@code SKILLFORGE_IT_ANTHROPIC_MODEL} picks the model). */
class AnthropicTeacherIT extends ProviderIT {
  @Override
  protected String enablingVariable() {
    return "ANTHROPIC_API_KEY";
  }

  @Override
  protected LlmTeacherOptions options(Map<String, String> env) {
    return base(env)
        .provider(LlmTeacherOptions.Provider.ANTHROPIC)
        .baseUrl(null)
        .model(env.getOrDefault("SKILLFORGE_IT_ANTHROPIC_MODEL", "claude-3-5-haiku-latest"))
        .apiKeyEnv("ANTHROPIC_API_KEY")
        .structuredOutput(LlmTeacherOptions.StructuredOutput.NONE)
        .build();
  }
}

/**
 * The LangChain4j teacher: any chat model (OpenAI, an OpenAI-compatible endpoint such as vLLM or
 * teacher-sim, Ollama, Anthropic) playing every {@link io.skillforge.synthesis.teacher.Teacher}
 * role by the prompt protocol of {@code prompt}.
 *
 * <p>Open a {@link io.skillforge.synthesis.teacher.llm.TeacherClient} from {@link
 * io.skillforge.synthesis.teacher.settings.TeacherSettings} (the API key is read from the
 * environment variable the settings name, and never logged), then take one teacher per job with
 * {@code teacher(ledger)}. Every request passes {@code TeacherClient.call}: response cache, budget, rate and
 * adaptive concurrency limits, circuit breaker, retries, validation and re-asks, accounting.
 * Provider types stay inside this package.
 */
package io.skillforge.synthesis.teacher.llm;

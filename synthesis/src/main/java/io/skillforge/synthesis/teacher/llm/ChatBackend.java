package io.skillforge.synthesis.teacher.llm;

/**
 * One chat model behind a provider-neutral, blocking call. Implementations are thread-safe and
 * make exactly one provider request per {@link #send} (no retries of their own), so the pipeline
 * sees every status, header and failure. Provider types never leave an implementation.
 */
interface ChatBackend extends AutoCloseable {

  /** The provider kind, such as {@code openai-compatible}; part of cache keys. */
  String kind();

  /** The model name; part of cache keys. */
  String model();

  /**
   * Sends one request and waits for the answer.
   *
   * @throws ProviderFailure when no usable answer arrived; its message holds no secret
   */
  ChatReply send(ChatRequestSpec request) throws ProviderFailure;

  /** Removes every secret this backend knows of (its API key) from {@code text}. */
  String redact(String text);

  @Override
  default void close() {}
}

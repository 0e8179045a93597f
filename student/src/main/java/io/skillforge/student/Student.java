package io.skillforge.student;

import io.skillforge.skills.Example;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * A model that Skillforge probes and improves. A prompt is a task's question as a user would ask
 * it; each student wraps it in its own format (the built-in student's {@link PromptFormat}, the
 * chat template of a model behind an OpenAI-compatible server).
 *
 * <p>Every method returns at once; the work runs on the student's own threads (never the
 * caller's, so a Vert.x event loop may call it), and the stage completes there. Implementations
 * are thread-safe: concurrent calls are queued, and concurrent generation requests may be batched
 * together. A failure completes the stage exceptionally; nothing is thrown by the call itself
 * except for invalid arguments ({@link NullPointerException}, {@link IllegalArgumentException}).
 */
public interface Student extends AutoCloseable {

  /** The model name this student reports (the OpenAI {@code model} field). */
  String name();

  /**
   * Generates one response per prompt, in prompt order.
   *
   * @param prompts task questions; may be empty
   * @param sampling decoding settings; row {@code r} uses {@link Sampling#rowSeed(int) rowSeed(r)}
   */
  CompletionStage<List<Completion>> generate(List<String> prompts, Sampling sampling);

  /** Whether {@link #fineTune} and {@link #save} are supported. */
  boolean trainable();

  /**
   * Fine-tunes the student in place on {@code examples} (question, rationale and answer; the loss
   * counts only response tokens), then keeps serving generation with the new weights.
   *
   * @param listener called on the student's thread after every step; must be quick
   * @return a stage failing with {@link UnsupportedOperationException} when not {@link
   *     #trainable()}
   */
  CompletionStage<FineTuneReport> fineTune(
      List<Example> examples, FineTuneSettings settings, Consumer<TrainingProgress> listener);

  /**
   * Writes a checkpoint directory that {@code BuiltinStudent.load} reads back (created if missing;
   * files of an earlier checkpoint there are replaced).
   *
   * @return a stage failing with {@link UnsupportedOperationException} when not {@link
   *     #trainable()}
   */
  CompletionStage<Void> save(Path directory);

  /** Releases threads and native memory; pending work fails. Idempotent. */
  @Override
  void close();
}

package io.skillforge.student;

import io.skillforge.skills.Example;
import io.skillforge.skills.concurrent.Cancellation;
import io.skillforge.skills.errors.CancelledException;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * A model that Skillforge probes and improves. A prompt is a task's question as a user would ask
 * it; each student wraps it in its own format (the built-in student's {@link PromptFormat}, the
 * chat template of a model behind an OpenAI-compatible server).
 *
 * <p>Every method returns at once with a {@link Future}, the one async type of teachers and
 * students; wait for it with {@code io.skillforge.skills.concurrent.Await.result} on a thread that
 * may block. The work runs on the student's own threads (never the caller's, so a Vert.x event
 * loop may call it), and the future completes there. Implementations are thread-safe: concurrent
 * calls are queued, and concurrent generation requests may be batched together. A failure fails
 * the future; nothing is thrown by the call itself except for invalid arguments ({@link
 * NullPointerException}, {@link IllegalArgumentException}). After {@link #close} every call fails
 * with {@link IllegalStateException}.
 */
public interface Student extends AutoCloseable {

  /** The model name this student reports (the OpenAI {@code model} field). */
  String name();

  /**
   * Generates one response per prompt, in prompt order.
   *
   * @param prompts task questions; may be empty (the future then holds an empty list)
   * @param sampling decoding settings; row {@code r} uses {@link Sampling#rowSeed(int) rowSeed(r)}
   */
  Future<List<Completion>> generate(List<String> prompts, Sampling sampling);

  /**
   * Generation requests this student works on at once; a caller with many keeps about this many in
   * flight. One for a single model; the sum of the replicas' limits for a student served by several.
   */
  default int capacity() {
    return 1;
  }

  /** Whether {@link #fineTune} and {@link #save} are supported. */
  boolean trainable();

  /**
   * Fine-tunes the student in place on {@code examples} (question, rationale and answer; the loss
   * counts only response tokens), then keeps serving generation with the new weights.
   *
   * @param listener called on the student's thread after every step; must be quick
   * @param cancellation checked before every step: once it fires, the run stops before its next
   *     step and the future fails with {@link CancelledException}; the weights are then those after
   *     the last finished step
   * @return a future failing with {@link UnsupportedOperationException} when not {@link
   *     #trainable()}
   */
  Future<FineTuneReport> fineTune(List<Example> examples, FineTuneSettings settings,
      Consumer<TrainingProgress> listener, Cancellation cancellation);

  /**
   * Writes a checkpoint directory that {@code BuiltinStudent.load} reads back (created if missing;
   * files of an earlier checkpoint there are replaced).
   *
   * @return a future failing with {@link UnsupportedOperationException} when not {@link
   *     #trainable()}
   */
  Future<Void> save(Path directory);

  /** Releases threads and native memory; pending work fails. Idempotent. */
  @Override
  void close();
}

package io.skillforge.student.builtin;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.skillforge.skills.Example;
import io.skillforge.skills.concurrent.Cancellation;
import io.skillforge.skills.errors.CancelledException;
import io.skillforge.student.Completion;
import io.skillforge.student.FineTuneReport;
import io.skillforge.student.FineTuneSettings;
import io.skillforge.student.PromptFormat;
import io.skillforge.student.Sampling;
import io.skillforge.student.Student;
import io.skillforge.student.TrainingProgress;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The built-in student: a small byte-level transformer trained and run in-process with DJL on the
 * PyTorch engine, on the first GPU when DJL has loaded a CUDA build of libtorch and finds a GPU,
 * on the CPU otherwise. The classpath carries only the CPU build; a CUDA one the user already has
 * is loaded by setting {@code PYTORCH_LIBRARY_PATH} to its {@code lib} directory and {@code
 * PYTORCH_FLAVOR=cu128} (DJL's own settings; its CUDA binding for libtorch 2.7.1 is in the {@code
 * pytorch-jni} jar, so nothing is downloaded).
 *
 * <p>Threads: all model work runs on one thread the student owns, in submission order, so callers
 * (a Vert.x event loop included) never block. Generation requests wait in a queue; the thread
 * takes whole requests from its head until {@code maxBatch} rows are gathered and runs them as
 * one batch, so concurrent callers share batches. A request larger than {@code maxBatch} is cut
 * into consecutive chunks of {@code maxBatch} rows and never merged with another, so one request
 * is always batched the same way, wherever it comes from. Fine-tuning and saving are queued
 * between batches.
 *
 * <p>Prompts: {@link #generate} takes questions and wraps them in {@link PromptFormat}; {@link
 * #complete} continues raw text (what an OpenAI {@code /v1/completions} endpoint does).
 */
public final class BuiltinStudent implements Student {
  /** Default model name reported to clients. */
  public static final String DEFAULT_NAME = "skillforge-student";
  /** Sequences per forward pass of {@link #responseLoss}. */
  private static final int LOSS_BATCH = 32;

  /**
   * Construction options.
   *
   * @param name the model name reported by {@link #name()}
   * @param maxBatch most rows generated together, positive
   * @param trainingThreads data-parallel workers when fine-tuning on the CPU, positive: each is a
   *     model replica on its own thread, with libtorch on one thread, that computes the gradients
   *     of its share of every batch; they are summed in a fixed order. Two (the default) train
   *     about 1.7x faster than one on two cores. The same seed and worker count give the same
   *     checkpoint bytes on the same machine; another worker count sums the gradients in another
   *     order, so its losses agree up to rounding and its weights drift apart as training goes on.
   */
  public record Options(String name, int maxBatch, int trainingThreads) {
    public static final Options DEFAULT = new Options(DEFAULT_NAME, 64, 2);

    public Options {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("name must not be blank");
      }
      if (maxBatch <= 0) {
        throw new IllegalArgumentException("maxBatch must be > 0 but was " + maxBatch);
      }
      if (trainingThreads <= 0) {
        throw new IllegalArgumentException("trainingThreads must be > 0 but was " + trainingThreads);
      }
    }

    public Options withName(String newName) {
      return new Options(newName, maxBatch, trainingThreads);
    }

    public Options withMaxBatch(int newMaxBatch) {
      return new Options(name, newMaxBatch, trainingThreads);
    }

    public Options withTrainingThreads(int threads) {
      return new Options(name, maxBatch, threads);
    }
  }

  private final Options options;
  private final ExecutorService executor;
  private final NDManager manager;
  private final DecoderModel model;
  private final Generator generator;
  private volatile StudentMetadata metadata;
  private volatile boolean closed;

  private final Object queueLock = new Object();
  private final ArrayDeque<Call> pending = new ArrayDeque<>();
  private boolean drainScheduled;

  private BuiltinStudent(Options options, ExecutorService executor, NDManager manager,
      DecoderModel model, StudentMetadata metadata) {
    this.options = options;
    this.executor = executor;
    this.manager = manager;
    this.model = model;
    this.generator = new Generator(model, manager);
    this.metadata = metadata;
  }

  /** A student with fresh weights drawn from {@code seed}. */
  public static BuiltinStudent create(TransformerConfig config, long seed) {
    return create(config, seed, Options.DEFAULT);
  }

  public static BuiltinStudent create(TransformerConfig config, long seed, Options options) {
    Objects.requireNonNull(config, "config");
    return open(options, new StudentMetadata(config, seed, List.of()), null);
  }

  /**
   * Loads a checkpoint directory written by {@link #save}; the student is named after the
   * directory.
   *
   * @throws IllegalArgumentException when the directory holds no valid checkpoint
   * @throws IOException when it cannot be read
   */
  public static BuiltinStudent load(Path directory) throws IOException {
    Path name = directory.toAbsolutePath().normalize().getFileName();
    return load(directory, Options.DEFAULT.withName(name == null ? DEFAULT_NAME : name.toString()));
  }

  public static BuiltinStudent load(Path directory, Options options) throws IOException {
    return open(options, Checkpoint.readMetadata(directory), directory);
  }

  /**
   * What a checkpoint directory holds (its shape and training history), read without loading
   * its weights.
   *
   * @throws IllegalArgumentException when the directory holds no valid checkpoint
   * @throws IOException when it cannot be read
   */
  public static StudentMetadata readMetadata(Path directory) throws IOException {
    return Checkpoint.readMetadata(directory);
  }

  /**
   * The device the model runs on: the first GPU when the loaded libtorch is a CUDA build and finds
   * one (the CPU build always reports none), else the CPU.
   */
  public static Device preferredDevice() {
    return Engine.getInstance().getGpuCount() > 0 ? Device.gpu() : Device.cpu();
  }

  private static BuiltinStudent open(Options options, StudentMetadata metadata, Path checkpoint)
      throws UncheckedIOException {
    Objects.requireNonNull(options, "options");
    ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = new Thread(() -> {
        Torch.disableGradModeOnThisThread();
        runnable.run();
      }, "student-" + options.name());
      thread.setDaemon(true);
      return thread;
    });
    try {
      return CompletableFuture.supplyAsync(() -> {
        NDManager manager = NDManager.newBaseManager(preferredDevice(), "PyTorch");
        try {
          DecoderModel model = new DecoderModel(metadata.config(), metadata.initSeed());
          model.initialize(manager);
          if (checkpoint != null) {
            Checkpoint.loadParameters(checkpoint, model, manager);
          }
          return new BuiltinStudent(options, executor, manager, model, metadata);
        } catch (IOException e) {
          manager.close();
          throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
          manager.close();
          throw e;
        }
      }, executor).join();
    } catch (RuntimeException e) {
      executor.shutdown();
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw e;
    }
  }

  @Override
  public String name() {
    return options.name();
  }

  public TransformerConfig config() {
    return metadata.config();
  }

  /** The model's shape and its training history so far. */
  public StudentMetadata metadata() {
    return metadata;
  }

  public Device device() {
    return manager.getDevice();
  }

  @Override
  public boolean trainable() {
    return true;
  }

  /** How many tokens {@code text} is to this student (it reads UTF-8 bytes). */
  public static int tokenCount(String text) {
    return ByteTokenizer.encode(text).length;
  }

  /**
   * The longest prompt that generation keeps whole with a budget of {@code maxTokens}: a longer one
   * loses its beginning, since up to half the context is kept free for the completion.
   */
  public int maxPromptTokens(int maxTokens) {
    return Generator.promptRoom(config().context(), maxTokens);
  }

  @Override
  public Future<List<Completion>> generate(List<String> prompts, Sampling sampling) {
    Objects.requireNonNull(prompts, "prompts");
    return complete(prompts.stream().map(PromptFormat::prompt).toList(), sampling);
  }

  /**
   * Continues each text as it stands, with no prompt format applied.
   *
   * @param texts raw model inputs; may be empty
   */
  public Future<List<Completion>> complete(List<String> texts, Sampling sampling) {
    Objects.requireNonNull(texts, "texts");
    Objects.requireNonNull(sampling, "sampling");
    List<Generator.Row> rows = new ArrayList<>(texts.size());
    for (int r = 0; r < texts.size(); r++) {
      rows.add(new Generator.Row(ByteTokenizer.encode(texts.get(r)), sampling, sampling.rowSeed(r)));
    }
    Call call = new Call(rows);
    synchronized (queueLock) {
      if (closed) {
        return Future.failedFuture(new IllegalStateException("student is closed"));
      }
      if (rows.isEmpty()) {
        return Future.succeededFuture(List.of());
      }
      pending.add(call);
      if (!drainScheduled) {
        drainScheduled = submitDrain();
      }
    }
    return call.promise.future();
  }

  @Override
  public Future<FineTuneReport> fineTune(List<Example> examples, FineTuneSettings settings,
      Consumer<TrainingProgress> listener, Cancellation cancellation) {
    return fineTune(examples, settings, listener, cancellation, null);
  }

  /**
   * Where and how often a fine-tuning run writes snapshots, from which the same run (same data,
   * settings, worker count and starting model) continues to the bit after a crash.
   *
   * @param directory the snapshot directory; {@code DIR.next} and {@code DIR.old} beside it are
   *     used while a snapshot is replaced
   * @param every steps between snapshots, positive
   */
  public record Snapshots(Path directory, int every) {
    public Snapshots {
      Objects.requireNonNull(directory, "directory");
      if (every <= 0) {
        throw new IllegalArgumentException("every must be > 0 but was " + every);
      }
    }

    /** Deletes the snapshots, once the finished run's checkpoint is saved. */
    public void clear() throws IOException {
      RunSnapshots.clear(directory);
    }
  }

  /**
   * Fine-tunes as {@link #fineTune(List, FineTuneSettings, Consumer, Cancellation)} does, writing
   * snapshots as {@code snapshots} says and first resuming from the run's snapshot when one exists
   * (progress then starts after the snapshot's step). The snapshots stay until {@link
   * Snapshots#clear}, also when the run is cancelled or fails: the same run (same data, settings,
   * worker count and starting model, such as the same {@code --init} checkpoint loaded again)
   * resumes from them later.
   *
   * @param snapshots null for none
   * @return fails with {@link IllegalArgumentException} when the snapshot directory holds a
   *     snapshot of another run, and with {@link CancelledException} when {@code cancellation}
   *     fires or the student is closed during the run
   */
  public Future<FineTuneReport> fineTune(List<Example> examples, FineTuneSettings settings,
      Consumer<TrainingProgress> listener, Cancellation cancellation, Snapshots snapshots) {
    List<Example> copy = List.copyOf(examples);
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(cancellation, "cancellation");
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("no examples to fine-tune on");
    }
    return onStudentThread(() -> {
      Torch.useThreads(1);
      FineTuneReport report = new TrainingLoop(model, manager, options.trainingThreads()).run(copy,
          settings, listener, () -> {
            if (closed) {
              throw new CancelledException("the student was closed during fine-tuning");
            }
            cancellation.check();
          }, snapshots, metadata);
      metadata = metadata.withRun(StudentMetadata.TrainingRun.of(settings, report.steps(),
          report.examples(), report.tokens(), report.finalLoss()));
      return report;
    });
  }

  /**
   * The mean loss per token of {@code examples}' responses (rationale, answer line and end) under
   * the model as it is, without training: how well the student predicts those solutions. Examples
   * longer than the context are left out; fails with {@link IllegalArgumentException} when none fits.
   */
  public Future<Double> responseLoss(List<Example> examples) {
    List<Example> copy = List.copyOf(examples);
    return onStudentThread(() -> {
      Torch.useThreads(1);
      return new TrainingLoop(model, manager, 1).evaluate(copy, LOSS_BATCH);
    });
  }

  @Override
  public Future<Void> save(Path directory) {
    Objects.requireNonNull(directory, "directory");
    return onStudentThread(() -> {
      try {
        Checkpoint.save(directory, model, metadata);
        return null;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /**
   * Stops taking work, fails queued generation requests, lets the running task finish (a
   * fine-tuning run stops after its current step), then frees the model's native memory.
   */
  @Override
  public void close() {
    List<Call> dropped;
    synchronized (queueLock) {
      if (closed) {
        return;
      }
      closed = true;
      dropped = new ArrayList<>(pending);
      pending.clear();
    }
    dropped.forEach(c -> c.promise.tryFail(new IllegalStateException("student is closed")));
    executor.execute(manager::close);
    executor.shutdown();
    try {
      if (!executor.awaitTermination(5, TimeUnit.MINUTES)) {
        throw new IllegalStateException("student thread did not stop within 5 minutes");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private <T> Future<T> onStudentThread(Supplier<T> work) {
    if (closed) {
      return Future.failedFuture(new IllegalStateException("student is closed"));
    }
    Promise<T> promise = Promise.promise();
    try {
      executor.execute(() -> {
        try {
          promise.complete(work.get());
        } catch (RuntimeException | Error e) {
          promise.fail(e);
        }
      });
    } catch (RejectedExecutionException e) {
      return Future.failedFuture(new IllegalStateException("student is closed", e));
    }
    return promise.future();
  }

  private boolean submitDrain() {
    try {
      executor.execute(this::drain);
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  /** Runs one batch from the head of the queue; reschedules itself while work is left. */
  private void drain() {
    List<Piece> pieces = new ArrayList<>();
    int rows = 0;
    synchronized (queueLock) {
      while (!pending.isEmpty()) {
        Call call = pending.peek();
        int remaining = call.rows.size() - call.next;
        if (rows > 0 && rows + remaining > options.maxBatch()) {
          break;
        }
        int take = Math.min(remaining, options.maxBatch() - rows);
        pieces.add(new Piece(call, call.next, take));
        call.next += take;
        rows += take;
        if (call.next == call.rows.size()) {
          pending.poll();
        }
        if (rows == options.maxBatch()) {
          break;
        }
      }
    }
    try {
      List<Generator.Row> batch = new ArrayList<>(rows);
      for (Piece p : pieces) {
        batch.addAll(p.call.rows.subList(p.from, p.from + p.count));
      }
      Torch.useThreads(1);
      List<Completion> results = generator.generate(batch);
      int at = 0;
      for (Piece p : pieces) {
        for (int i = 0; i < p.count; i++) {
          p.call.results[p.from + i] = results.get(at++);
        }
        p.call.done += p.count;
        if (p.call.done == p.call.rows.size()) {
          p.call.promise.tryComplete(List.of(p.call.results));
        }
      }
    } catch (RuntimeException e) {
      synchronized (queueLock) {
        for (Piece p : pieces) {
          pending.remove(p.call);
        }
      }
      pieces.forEach(p -> p.call.promise.tryFail(e));
    } finally {
      synchronized (queueLock) {
        drainScheduled = !pending.isEmpty() && !closed && submitDrain();
      }
    }
  }

  /** One generation request: its rows, results so far, and the next row to schedule. */
  private static final class Call {
    final List<Generator.Row> rows;
    final Completion[] results;
    final Promise<List<Completion>> promise = Promise.promise();
    int next;
    int done;

    Call(List<Generator.Row> rows) {
      this.rows = rows;
      this.results = new Completion[rows.size()];
    }
  }

  private record Piece(Call call, int from, int count) {}
}

package io.skillforge.student.builtin;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import io.skillforge.skills.Example;
import io.skillforge.student.FineTuneReport;
import io.skillforge.student.FineTuneSettings;
import io.skillforge.student.PromptFormat;
import io.skillforge.student.TrainingProgress;
import io.skillforge.student.builtin.TrainingBatches.Sequence;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * Trains a {@link DecoderModel} in place: next-token cross-entropy counted only on response tokens
 * (and the end-of-text token after them), AdamW, warm-up and cosine decay, gradient clipping.
 * Every step's arrays live in a sub-manager closed at the end of the step.
 *
 * <p>Reproducible to the bit for a given seed and worker count: the data order comes from the
 * settings' seed, no random op runs on the engine, each worker runs libtorch on one thread, the
 * gradients are summed in a fixed order, the Java side uses {@link StrictMath} (HotSpot's {@code
 * Math.pow} and {@code Math.cos} may differ in the last bit between interpreted and compiled code),
 * and constants in recorded ops live in libtorch memory ({@link Torch#constant}).
 */
final class TrainingLoop {
  private static final float MASKED = -1e9f;
  private static final int LOSS_WINDOW = 10;

  private final DecoderModel model;
  private final NDManager root;
  private final int workers;
  private final Map<Integer, float[]> causalMasks = new ConcurrentHashMap<>();

  /**
   * @param workers data-parallel workers on the CPU, each a model replica on its own thread with
   *     one libtorch thread (the master is the first); 1 on a GPU
   */
  TrainingLoop(DecoderModel model, NDManager root, int workers) {
    if (workers <= 0) {
      throw new IllegalArgumentException("workers must be > 0 but was " + workers);
    }
    this.model = model;
    this.root = root;
    this.workers = root.getDevice().isGpu() ? 1 : workers;
  }

  /** Tokenizes examples; those longer than the context are counted in {@code skipped}. */
  static List<Sequence> encode(List<Example> examples, int context, List<Double> weights,
      int[] skipped) {
    List<Sequence> sequences = new ArrayList<>(examples.size());
    for (Example e : examples) {
      int[] prompt = ByteTokenizer.encode(PromptFormat.prompt(e.question()));
      int[] response = ByteTokenizer.encode(PromptFormat.response(e));
      int length = prompt.length + response.length + 1;
      if (length - 1 > context) {
        skipped[0]++;
        continue;
      }
      int[] tokens = new int[length];
      System.arraycopy(prompt, 0, tokens, 0, prompt.length);
      System.arraycopy(response, 0, tokens, prompt.length, response.length);
      tokens[length - 1] = ByteTokenizer.EOS;
      sequences.add(new Sequence(tokens, prompt.length, 1f));
      weights.add(e.weight());
    }
    return sequences;
  }

  /**
   * Trains, writing snapshots as {@code snapshots} says, and first resuming from this run's
   * snapshot when there is one. A resumed run ends with the same weights, optimizer state and
   * report figures (tokens and losses) as one that never stopped; its tokens per second and
   * elapsed time count this process only.
   *
   * @param beforeStep runs before every step and stops the run by throwing (a cancellation's
   *     {@code check}); the weights are then those after the last finished step, and the snapshots
   *     written so far stay
   * @param snapshots where and how often to write snapshots; null for none
   * @param start the model's history before this run (recorded in snapshots); null without them
   * @throws IllegalArgumentException when the snapshot directory holds another run's snapshot
   */
  FineTuneReport run(List<Example> examples, FineTuneSettings settings,
      Consumer<TrainingProgress> listener, Runnable beforeStep, BuiltinStudent.Snapshots snapshots,
      StudentMetadata start) {
    int[] skipped = {0};
    List<Double> weightList = new ArrayList<>();
    List<Sequence> sequences = encode(examples, model.config().context(), weightList, skipped);
    if (sequences.isEmpty()) {
      throw new IllegalArgumentException("none of the " + examples.size()
          + " examples fits the context of " + model.config().context() + " tokens");
    }
    double[] weights = weightList.stream().mapToDouble(Double::doubleValue).toArray();
    TrainingBatches batches = new TrainingBatches(
        sequences, weights, settings.batchSize(), settings.weighting(), settings.seed());

    RunSnapshots snapshotter = snapshots == null ? null
        : new RunSnapshots(snapshots.directory(), snapshots.every(),
            RunSnapshots.fingerprint(sequences, weights, settings, workers, start, model));
    List<Parameter> parameters = new ArrayList<>();
    model.getParameters().values().forEach(parameters::add);
    ParameterStore store = new ParameterStore(root, false);
    List<Double> losses = new ArrayList<>(settings.steps());
    long tokens = 0;
    long sessionTokens = 0;
    int first = 0;
    List<GradientReplica> replicas = new ArrayList<>();
    try (AdamW optimizer = new AdamW(parameters, root, 0.9, 0.95, 1e-8)) {
      if (snapshotter != null) {
        RunSnapshots.Resumed resumed = resume(snapshotter, optimizer);
        if (resumed != null) {
          first = resumed.steps();
          tokens = resumed.tokens();
          losses.addAll(resumed.losses());
          for (int step = 0; step < first; step++) {
            batches.next();
          }
        }
      }
      // After a resume: loading replaces the parameters' arrays.
      for (Parameter p : parameters) {
        p.getArray().setRequiresGradient(true);
        Torch.zeroGradient(p.getArray());
      }
      for (int w = 1; w < workers; w++) {
        replicas.add(new GradientReplica(model, root, Thread.currentThread().getName() + "-" + w));
      }
      List<int[]> groups = parameterGroups(
          parameters.stream().mapToLong(p -> p.getArray().size()).toArray(), workers);
      long began = System.nanoTime();
      for (int step = first; step < settings.steps(); step++) {
        beforeStep.run();
        List<Sequence> batch = batches.next();
        double learningRate = settings.learningRateAt(step);
        double loss;
        try (NDManager sub = root.newSubManager()) {
          // A batch of fewer rows than workers leaves the last replicas out.
          List<GradientReplica> active =
              replicas.subList(0, Math.min(batch.size(), workers) - 1);
          loss = dataParallelStep(store, sub, batch, parameters, active);
          update(sub, optimizer, groups, replicas, active, parameters,
              optimizer.begin(learningRate, settings.weightDecay()), settings.clipNorm());
        }
        if (!Double.isFinite(loss)) {
          throw new IllegalStateException("training diverged: loss " + loss + " at step "
              + (step + 1) + "; lower the learning rate");
        }
        losses.add(loss);
        for (Sequence s : batch) {
          tokens += s.tokens().length - 1;
          sessionTokens += s.tokens().length - 1;
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - began);
        listener.accept(new TrainingProgress(step + 1, settings.steps(), loss, learningRate, tokens,
            sessionTokens / Math.max(1e-9, elapsed.toNanos() / 1e9), elapsed));
        if (snapshotter != null && snapshotter.due(step + 1, settings.steps())) {
          snapshotter.save(model, start.withRun(StudentMetadata.TrainingRun.of(settings, step + 1,
              sequences.size(), tokens, lastMean(losses))), optimizer, step + 1, tokens, losses);
        }
      }
      Duration elapsed = Duration.ofNanos(System.nanoTime() - began);
      return new FineTuneReport(settings.steps(), sequences.size(), skipped[0], tokens,
          mean(losses.subList(0, Math.min(LOSS_WINDOW, losses.size()))), lastMean(losses),
          sessionTokens / Math.max(1e-9, elapsed.toNanos() / 1e9), elapsed);
    } finally {
      replicas.forEach(GradientReplica::close);
    }
  }

  private RunSnapshots.Resumed resume(RunSnapshots snapshotter, AdamW optimizer) {
    try {
      return snapshotter.resume(model, root, optimizer).orElse(null);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the training snapshot", e);
    }
  }

  private static double lastMean(List<Double> losses) {
    return mean(losses.subList(Math.max(0, losses.size() - LOSS_WINDOW), losses.size()));
  }

  /**
   * Forward and backward of one batch over the master and the replicas: row {@code i} goes to
   * worker {@code i % workers}, and each worker (a replica first takes the master's weights)
   * computes its shard's part of the loss and gradients at the same time. Returns the batch loss.
   *
   * @param replicas the replicas that take part, one per worker after the master
   */
  private double dataParallelStep(ParameterStore store, NDManager sub, List<Sequence> batch,
      List<Parameter> parameters, List<GradientReplica> replicas) {
    int counted = Sequence.lossPositions(batch);
    int shards = 1 + replicas.size();
    List<List<Sequence>> rows = new ArrayList<>(shards);
    for (int w = 0; w < shards; w++) {
      rows.add(new ArrayList<>());
    }
    for (int i = 0; i < batch.size(); i++) {
      rows.get(i % shards).add(batch.get(i));
    }
    List<CompletableFuture<Double>> others = new ArrayList<>(shards - 1);
    for (int w = 1; w < shards; w++) {
      List<Sequence> shard = rows.get(w);
      GradientReplica replica = replicas.get(w - 1);
      others.add(replica.submit(r -> {
        // Only reads the master's weights, which nothing writes until every shard is done.
        replica.copyWeightsFrom(parameters);
        try (NDManager local = r.manager().newSubManager()) {
          return shardLoss(r.model(), r.store(), local, shard, counted);
        }
      }));
    }
    double loss = shardLoss(model, store, sub, rows.get(0), counted);
    for (CompletableFuture<Double> other : others) {
      loss += join(other);
    }
    return loss;
  }

  /**
   * The optimizer update after {@link #dataParallelStep}, with worker {@code w} on the parameters
   * of {@code groups[w]}: it adds the gradients of the {@code active} replicas to the master's (in
   * worker order, so each sum is the same in every run) and takes their norms; then the master
   * clips by the global norm, and each worker updates its parameters. Each parameter's arithmetic
   * is that of a one-thread update; the threads only share out the parameters.
   */
  private static void update(NDManager sub, AdamW optimizer, List<int[]> groups,
      List<GradientReplica> replicas, List<GradientReplica> active, List<Parameter> parameters,
      AdamW.Update update, double clipNorm) {
    NDArray[] norms = new NDArray[parameters.size()];
    onEachWorker(groups, replicas, sub, (local, i) -> {
      for (GradientReplica replica : active) {
        replica.addGradientTo(i, parameters.get(i), local);
      }
      norms[i] = optimizer.gradientNorm(i, local);
      // The norm outlives the worker's manager; the step's manager closes it.
      norms[i].attach(sub);
    });
    double scale = AdamW.clipScale(AdamW.globalNorm(new NDList(norms)), clipNorm);
    onEachWorker(groups, replicas, sub, (local, i) -> optimizer.update(i, update, scale, local));
  }

  /** What a worker does for one parameter index, with a manager for its temporaries. */
  private interface ParameterWork {
    void run(NDManager local, int index);
  }

  /** Runs {@code work} for the indices of {@code groups[0]} here and of the others on replicas. */
  private static void onEachWorker(List<int[]> groups, List<GradientReplica> replicas,
      NDManager sub, ParameterWork work) {
    List<CompletableFuture<Void>> others = new ArrayList<>(groups.size() - 1);
    for (int w = 1; w < groups.size(); w++) {
      int[] group = groups.get(w);
      others.add(replicas.get(w - 1).submit(r -> {
        try (NDManager local = r.manager().newSubManager()) {
          for (int i : group) {
            work.run(local, i);
          }
        }
        return null;
      }));
    }
    try (NDManager local = sub.newSubManager()) {
      for (int i : groups.get(0)) {
        work.run(local, i);
      }
    }
    others.forEach(TrainingLoop::join);
  }

  /**
   * Splits parameter indices into {@code workers} runs of consecutive indices with about equal
   * numbers of values (some may be empty).
   */
  static List<int[]> parameterGroups(long[] sizes, int workers) {
    long total = 0;
    for (long size : sizes) {
      total += size;
    }
    List<int[]> groups = new ArrayList<>(workers);
    int next = 0;
    long done = 0;
    for (int w = 0; w < workers; w++) {
      long until = total * (w + 1) / workers;
      int from = next;
      while (next < sizes.length && (w == workers - 1 || done + sizes[next] / 2 < until)) {
        done += sizes[next++];
      }
      groups.add(IntStream.range(from, next).toArray());
    }
    return groups;
  }

  private static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  /**
   * Forward and backward on one shard of a batch; gradients accumulate on {@code m}'s parameters.
   * Returns the shard's part of the batch loss, whose mean runs over the {@code batchCounted}
   * counted positions of the whole batch.
   */
  private double shardLoss(DecoderModel m, ParameterStore store, NDManager sub,
      List<Sequence> batch, int batchCounted) {
    NDArray loss;
    Torch.recordGradients(true);
    try {
      loss = batchLoss(m, store, sub, batch, batchCounted, true);
    } finally {
      Torch.recordGradients(false);
    }
    Torch.backward(loss);
    return loss.getFloat();
  }

  /**
   * The mean loss per response token (and final EOS) of {@code examples} under the model as it is:
   * forward passes only, in batches, no gradients. Examples longer than the context
   * are left out.
   *
   * @throws IllegalArgumentException when no example fits the context
   */
  double evaluate(List<Example> examples, int batchSize) {
    List<Sequence> sequences = encode(examples, model.config().context(), new ArrayList<>(), new int[1]);
    if (sequences.isEmpty()) {
      throw new IllegalArgumentException("none of the " + examples.size()
          + " examples fits the context of " + model.config().context() + " tokens");
    }
    ParameterStore store = new ParameterStore(root, false);
    double total = 0;
    long counted = 0;
    for (int from = 0; from < sequences.size(); from += batchSize) {
      List<Sequence> batch = sequences.subList(from, Math.min(sequences.size(), from + batchSize));
      int n = Sequence.lossPositions(batch);
      try (NDManager sub = root.newSubManager()) {
        total += batchLoss(model, store, sub, batch, n, false).getFloat() * (double) n;
      }
      counted += n;
    }
    return total / counted;
  }

  /**
   * The response loss of a batch, forward only. Logits are computed only at the positions the loss
   * counts (about half of them; the rest are prompt and padding); the mean runs over {@code
   * batchCounted} positions.
   */
  private NDArray batchLoss(DecoderModel m, ParameterStore store, NDManager sub, List<Sequence> batch,
      int batchCounted, boolean training) {
    int rows = batch.size();
    int steps = 0;
    for (Sequence s : batch) {
      steps = Math.max(steps, s.tokens().length - 1);
    }
    int counted = Sequence.lossPositions(batch);
    int d = m.config().dModel();
    long[] inputs = new long[rows * steps];
    long[] picked = new long[counted * d];
    long[] targets = new long[counted];
    float[] weights = new float[counted];
    int n = 0;
    for (int b = 0; b < rows; b++) {
      Sequence s = batch.get(b);
      int[] t = s.tokens();
      for (int i = 0; i < steps; i++) {
        int at = b * steps + i;
        inputs[at] = i < t.length - 1 ? t[i] : ByteTokenizer.EOS;
        // Position i predicts token i + 1; the loss counts response tokens and the final EOS.
        if (i < t.length - 1 && i + 1 >= s.promptLength()) {
          Arrays.fill(picked, n * d, (n + 1) * d, at);
          targets[n] = t[i + 1];
          weights[n] = s.lossWeight();
          n++;
        }
      }
    }
    NDArray tokenArray = sub.create(inputs, new Shape(rows, steps));
    NDArray positions = sub.arange(0, steps, 1, DataType.INT64).reshape(1, steps);
    NDArray mask = sub.create(causalMask(steps), new Shape(1, 1, steps, steps));
    NDArray pickedArray = sub.create(picked, new Shape(counted, d));
    NDArray targetArray = sub.create(targets, new Shape(counted, 1));
    NDArray weightArray = sub.create(weights, new Shape(counted));
    NDArray logits = m.forwardPicked(store, tokenArray, positions, mask, pickedArray, training);
    return responseLoss(logits, targetArray, weightArray, batchCounted);
  }

  /**
   * Minus the weighted log-likelihood of {@code targets} (N, 1) under {@code logits} (N, vocab),
   * divided by the {@code batchCounted} counted positions of the whole batch.
   */
  static NDArray responseLoss(NDArray logits, NDArray targets, NDArray weights, int batchCounted) {
    NDArray chosen = logits.logSoftmax(-1).gather(targets, -1).reshape(targets.size());
    return chosen.mul(weights).sum()
        .div(Torch.constant(logits.getManager(), Math.max(1, batchCounted))).neg();
  }

  private float[] causalMask(int steps) {
    return causalMasks.computeIfAbsent(steps, n -> {
      float[] mask = new float[n * n];
      for (int i = 0; i < n; i++) {
        for (int j = i + 1; j < n; j++) {
          mask[i * n + j] = MASKED;
        }
      }
      return mask;
    });
  }

  private static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }
}

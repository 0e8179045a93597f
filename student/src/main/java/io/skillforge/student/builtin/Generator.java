package io.skillforge.student.builtin;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.skillforge.student.Completion;
import io.skillforge.student.Sampling;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Batched autoregressive generation with a key/value cache.
 *
 * <p>Prompts are left-padded to a common length; padded positions are masked out of attention and
 * every row counts its positions from its own first real token, so a row's result does not depend
 * on the padding (up to floating-point rounding). The cache is allocated once per batch for the
 * longest possible sequence; one pass over the padded prompts fills its start, and each later step
 * feeds one token per row and writes its keys and values in place (appending would copy the whole
 * cache at every step, which dominated batched generation). A row stops at
 * its end-of-text token (unless told to ignore it), at its token budget, or when its positions
 * reach the context, and leaves the batch (its rows of the cache are dropped), so the remaining
 * rows stop paying for it; the batch stops when every row has stopped.
 *
 * <p>A prompt longer than the context loses its beginning: it keeps at most {@code context -
 * min(maxTokens, context / 2)} tokens. An empty prompt starts from the end-of-text token.
 *
 * <p>Memory: the cache lives in a manager of its own, closed when the batch ends; each step's
 * arrays live in a sub-manager closed after the step.
 */
final class Generator {
  private static final float MASKED = -1e9f;

  /** One prompt to continue: its tokens, its sampling settings and its row seed. */
  record Row(int[] prompt, Sampling sampling, long seed) {}

  private final DecoderModel model;
  private final NDManager root;
  private final ParameterStore store;

  Generator(DecoderModel model, NDManager root) {
    this.model = model;
    this.root = root;
    this.store = new ParameterStore(root, false);
  }

  /** The cache rows (axis 0) at {@code positions}, created in {@code manager}; closes the old. */
  private static NDList keepRows(NDList cache, int[] positions, NDManager manager) {
    NDList kept = new NDList(cache.size());
    try (NDArray index = manager.create(Arrays.stream(positions).asLongStream().toArray())) {
      for (NDArray array : cache) {
        kept.add(array.get(manager, new NDIndex("{}", index)));
        array.close();
      }
    }
    return kept;
  }

  /**
   * The most prompt tokens kept with a budget of {@code maxTokens}: the context less the room kept
   * for the completion, which is the budget but at most half the context (at least one token).
   */
  static int promptRoom(int context, int maxTokens) {
    return context - Math.max(1, Math.min(maxTokens, context / 2));
  }

  List<Completion> generate(List<Row> rows) {
    int batch = rows.size();
    if (batch == 0) {
      return List.of();
    }
    int context = model.config().context();
    int vocab = model.config().vocabSize();
    int[][] prompts = new int[batch][];
    int[] budget = new int[batch];
    Random[] random = new Random[batch];
    int width = 0;
    for (int b = 0; b < batch; b++) {
      Row row = rows.get(b);
      int[] prompt = row.prompt().length == 0 ? new int[] {ByteTokenizer.EOS} : row.prompt();
      int keep = Math.min(prompt.length, promptRoom(context, row.sampling().maxTokens()));
      prompts[b] = Arrays.copyOfRange(prompt, prompt.length - keep, prompt.length);
      budget[b] = Math.min(row.sampling().maxTokens(), context - keep);
      random[b] = new Random(row.seed());
      width = Math.max(width, keep);
    }
    int[] pad = new int[batch];
    long[] tokens = new long[batch * width];
    long[] positions = new long[batch * width];
    float[] mask = new float[batch * width * width];
    for (int b = 0; b < batch; b++) {
      pad[b] = width - prompts[b].length;
      for (int t = 0; t < width; t++) {
        tokens[b * width + t] = t < pad[b] ? ByteTokenizer.EOS : prompts[b][t - pad[b]];
        positions[b * width + t] = Math.max(0, t - pad[b]);
        for (int j = 0; j < width; j++) {
          boolean allowed = j <= t && (j >= pad[b] || j == t);
          mask[(b * width + t) * width + j] = allowed ? 0 : MASKED;
        }
      }
    }

    List<List<Integer>> generated = new ArrayList<>(batch);
    Completion.Finish[] finish = new Completion.Finish[batch];
    for (int b = 0; b < batch; b++) {
      generated.add(new ArrayList<>());
    }
    int longest = 0;
    for (int b = 0; b < batch; b++) {
      longest = Math.max(longest, budget[b]);
    }
    NDManager cacheManager = root.newSubManager();
    try {
      NDList caches = model.newCaches(cacheManager, batch, width + longest);
      float[] logits;
      try (NDManager step = root.newSubManager()) {
        logits = model.forwardCached(store, step.create(tokens, new Shape(batch, width)),
            step.create(positions, new Shape(batch, width)),
            step.create(mask, new Shape(batch, 1, width, width)), caches, 0, true, false)
            .toFloatArray();
      }
      // live[i] is the row held at batch position i; finished rows leave the batch.
      int[] live = new int[batch];
      for (int b = 0; b < batch; b++) {
        live[b] = b;
      }
      for (int step = 0; ; step++) {
        int[] staying = new int[live.length];
        int kept = 0;
        for (int i = 0; i < live.length; i++) {
          int b = live[i];
          Row row = rows.get(b);
          int token = TokenSampler.pick(logits, i * vocab, vocab, row.sampling(), random[b]);
          List<Integer> mine = generated.get(b);
          mine.add(token);
          if (token == ByteTokenizer.EOS && !row.sampling().ignoreEos()) {
            finish[b] = Completion.Finish.STOP;
          } else if (mine.size() >= budget[b]) {
            finish[b] = Completion.Finish.LENGTH;
          } else {
            staying[kept++] = i;
          }
        }
        if (kept == 0) {
          break;
        }
        if (kept < live.length) {
          caches = keepRows(caches, Arrays.copyOf(staying, kept), cacheManager);
          int[] survivors = new int[kept];
          for (int i = 0; i < kept; i++) {
            survivors[i] = live[staying[i]];
          }
          live = survivors;
        }
        int total = width + step + 1;
        long[] next = new long[kept];
        long[] nextPositions = new long[kept];
        float[] stepMask = new float[kept * total];
        for (int i = 0; i < kept; i++) {
          int b = live[i];
          List<Integer> mine = generated.get(b);
          next[i] = mine.get(mine.size() - 1);
          nextPositions[i] = prompts[b].length + mine.size() - 1;
          for (int j = 0; j < pad[b]; j++) {
            stepMask[i * total + j] = MASKED;
          }
        }
        try (NDManager stepManager = root.newSubManager()) {
          logits = model.forwardCached(store,
              stepManager.create(next, new Shape(kept, 1)),
              stepManager.create(nextPositions, new Shape(kept, 1)),
              stepManager.create(stepMask, new Shape(kept, 1, 1, total)), caches, width + step,
              true, false).toFloatArray();
        }
      }
    } finally {
      cacheManager.close();
    }

    List<Completion> completions = new ArrayList<>(batch);
    for (int b = 0; b < batch; b++) {
      List<Integer> mine = generated.get(b);
      int[] ids = mine.stream().mapToInt(Integer::intValue).toArray();
      completions.add(new Completion(ByteTokenizer.decode(ids, 0, ids.length), ids.length, finish[b]));
    }
    return completions;
  }
}

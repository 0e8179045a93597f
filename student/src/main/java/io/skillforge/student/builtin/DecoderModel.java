package io.skillforge.student.builtin;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The decoder-only transformer: token embeddings, {@code layers} pre-norm blocks with rotary
 * position embeddings, a final layer norm, and an output layer tied to the token embedding.
 * Positions enter only through the rotation of queries and keys (no learned position table), so
 * a row's attention depends on relative distances and left padding changes nothing but the mask.
 *
 * <p>{@link #forwardInternal} takes token ids (B, T), position ids (B, T) and an additive attention
 * mask broadcastable to (B, heads, T, T), and returns logits (B, T, vocab). {@link #forwardCached}
 * is the same computation keeping keys and values in preallocated caches, for generation.
 *
 * <p>All outputs are created in the manager of the token array (DJL puts an op's result in the
 * manager of its first operand, and every op here starts from a per-call array), so a caller that
 * passes tokens from a per-step sub-manager keeps memory flat.
 */
final class DecoderModel extends AbstractBlock {
  private static final byte VERSION = 1;
  private static final float LAYER_NORM_EPS = 1e-5f;
  private static final double ROPE_BASE = 10_000;

  private final TransformerConfig config;
  private final Parameter tokenEmbedding;
  private final float[] inverseFrequencies;
  private final List<DecoderLayer> layers = new ArrayList<>();
  private final Parameter finalGamma;
  private final Parameter finalBeta;

  /**
   * Declares the parameters; their values are drawn from {@code seed} when {@link #initialize} runs
   * (or replaced by {@link #loadParameters}).
   */
  DecoderModel(TransformerConfig config, long seed) {
    super(VERSION);
    this.config = config;
    Random random = new Random(seed);
    int d = config.dModel();
    tokenEmbedding = addParameter(Parameter.builder().setName("token.embedding")
        .setType(Parameter.Type.OTHER).optShape(new Shape(config.vocabSize(), d))
        .optInitializer(new SeededInitializer(random, 0.02f)).build());
    int half = config.headDim() / 2;
    inverseFrequencies = new float[half];
    for (int i = 0; i < half; i++) {
      inverseFrequencies[i] = (float) StrictMath.pow(ROPE_BASE, -2.0 * i / config.headDim());
    }
    for (int i = 0; i < config.layers(); i++) {
      layers.add(addChildBlock("layer" + i, new DecoderLayer(config, random)));
    }
    finalGamma = addParameter(Parameter.builder().setName("final.gamma")
        .setType(Parameter.Type.GAMMA).optShape(new Shape(d)).optInitializer(Initializer.ONES).build());
    finalBeta = addParameter(Parameter.builder().setName("final.beta")
        .setType(Parameter.Type.BETA).optShape(new Shape(d)).optInitializer(Initializer.ZEROS).build());
  }

  TransformerConfig config() {
    return config;
  }

  /** Allocates and initializes every parameter in {@code manager}. */
  void initialize(NDManager manager) {
    initialize(manager, DataType.FLOAT32, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1, 1, 1));
    moveParametersToEngineMemory();
  }

  /**
   * Puts every parameter in memory libtorch allocated (see {@link Torch#moveToEngineMemory}); to
   * be called after the parameters are initialized or loaded from Java data.
   */
  void moveParametersToEngineMemory() {
    getParameters().values().forEach(p -> Torch.moveToEngineMemory(p.getArray()));
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape hidden = new Shape(1, 1, config.dModel());
    Shape rotary = new Shape(1, 1, 1, config.headDim());
    for (DecoderLayer layer : layers) {
      layer.initialize(manager, dataType, hidden, new Shape(1, 1, 1, 1), rotary, rotary);
    }
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(
        forwardCached(ps, inputs.get(0), inputs.get(1), inputs.get(2), null, 0, false, training));
  }

  /**
   * Runs the model over new tokens, optionally through key/value caches.
   *
   * @param tokens token ids (B, T), int64
   * @param positions position ids (B, T), int64, each below {@code context}
   * @param mask additive mask broadcastable to (B, heads, T, start + T)
   * @param caches per layer a keys and a values array (B, heads, L, headDim) with L >= start + T,
   *     written in place at {@code [start, start + T)}; null for none (then start is 0)
   * @param lastOnly compute logits for the last position only (B, 1, vocab), as generation needs
   * @return the logits (B, T, vocab), or (B, 1, vocab) when {@code lastOnly}
   */
  NDArray forwardCached(
      ParameterStore ps, NDArray tokens, NDArray positions, NDArray mask, NDList caches,
      long start, boolean lastOnly, boolean training) {
    NDArray x = trunk(ps, tokens, positions, mask, caches, start, training);
    if (lastOnly) {
      x = x.get(":, -1:, :");
    }
    return head(ps, x, training);
  }

  /**
   * Training forward over whole sequences, with logits only where the loss needs them.
   *
   * @param tokens token ids (B, T), int64
   * @param positions position ids (B, T), int64
   * @param mask additive causal mask broadcastable to (B, heads, T, T)
   * @param picked (N, dModel) int64: row {@code i} repeats the flat position {@code b * T + t} of
   *     the i-th wanted prediction (a gather index over the (B * T, dModel) hidden states)
   * @return the logits (N, vocab) of the picked positions, in order
   */
  NDArray forwardPicked(ParameterStore ps, NDArray tokens, NDArray positions, NDArray mask,
      NDArray picked, boolean training) {
    NDArray x = trunk(ps, tokens, positions, mask, null, 0, training);
    return head(ps, x.reshape(-1, config.dModel()).gather(picked, 0), training);
  }

  /** Embedding and transformer blocks: hidden states (B, T, dModel). */
  private NDArray trunk(ParameterStore ps, NDArray tokens, NDArray positions, NDArray mask,
      NDList caches, long start, boolean training) {
    var device = tokens.getDevice();
    NDArray x = Embedding.embedding(tokens, ps.getValue(tokenEmbedding, device, training),
        SparseFormat.DENSE).head();
    NDList rotary = rotary(positions);
    for (int i = 0; i < layers.size(); i++) {
      x = layers.get(i).forward(ps, x, mask, rotary.get(0), rotary.get(1),
          caches == null ? null : caches.get(2 * i), caches == null ? null : caches.get(2 * i + 1),
          start, training);
    }
    return x;
  }

  /** Final layer norm and the output projection, tied to the token embedding: (..., vocab). */
  private NDArray head(ParameterStore ps, NDArray x, boolean training) {
    var device = x.getDevice();
    NDArray h = LayerNorm.layerNorm(x, new Shape(config.dModel()),
        ps.getValue(finalGamma, device, training), ps.getValue(finalBeta, device, training),
        LAYER_NORM_EPS).head();
    return Linear.linear(h, ps.getValue(tokenEmbedding, device, training)).head();
  }

  /** Zeroed key/value caches for {@code batch} rows of {@code length} positions, in {@code manager}. */
  NDList newCaches(NDManager manager, long batch, long length) {
    NDList caches = new NDList(2 * layers.size());
    Shape shape = new Shape(batch, config.heads(), length, config.headDim());
    for (int i = 0; i < 2 * layers.size(); i++) {
      caches.add(manager.zeros(shape));
    }
    return caches;
  }

  /**
   * For position ids (B, T): the rotary cosines and sines, (B, 1, T, headDim) each with every
   * angle twice, in the manager of {@code positions}. Computed once per forward pass and shared by
   * the layers.
   */
  NDList rotary(NDArray positions) {
    NDManager manager = positions.getManager();
    NDArray frequencies = manager.create(inverseFrequencies);
    NDArray angles = positions.toType(DataType.FLOAT32, false).expandDims(-1).mul(frequencies);
    angles = angles.concat(angles, -1).expandDims(1);
    return new NDList(angles.cos(), angles.sin());
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape tokens = inputShapes[0];
    return new Shape[] {new Shape(tokens.get(0), tokens.get(1), config.vocabSize())};
  }
}

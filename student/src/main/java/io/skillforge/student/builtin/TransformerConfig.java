package io.skillforge.student.builtin;

/**
 * The shape of a built-in student: a decoder-only transformer over bytes. Immutable; validated at
 * construction.
 *
 * @param vocabSize number of token ids: 256 byte values plus the end-of-text token
 * @param dModel width of the residual stream; divisible by {@code heads}
 * @param layers number of transformer blocks
 * @param heads attention heads per block
 * @param context largest sequence length in tokens (prompt plus response); positions are rotary,
 *     so this is a limit, not a table size
 * @param mlpRatio hidden width of each MLP as a multiple of {@code dModel}
 */
public record TransformerConfig(
    int vocabSize, int dModel, int layers, int heads, int context, int mlpRatio) {

  static final int DEFAULT_MLP_RATIO = 2;

  /**
   * The default size: d=128, 4 blocks of 8 heads, MLP ratio 2, 192-byte context; about 0.56M
   * parameters, sized to learn the easy skill-world skills in five minutes on two CPU cores. (At
   * this budget an MLP ratio of 2 beats 4, since more steps per second matter more than MLP
   * width, and 8 heads of 16 beat 4 of 32.)
   */
  public static final TransformerConfig DEFAULT =
      new TransformerConfig(ByteTokenizer.VOCAB_SIZE, 128, 4, 8, 192, 2);

  public TransformerConfig {
    requirePositive(vocabSize, "vocabSize");
    requirePositive(dModel, "dModel");
    requirePositive(layers, "layers");
    requirePositive(heads, "heads");
    requirePositive(context, "context");
    requirePositive(mlpRatio, "mlpRatio");
    if (dModel % heads != 0 || (dModel / heads) % 2 != 0) {
      throw new IllegalArgumentException(
          "dModel " + dModel + " must split into " + heads + " heads of an even width");
    }
    if (vocabSize != ByteTokenizer.VOCAB_SIZE) {
      throw new IllegalArgumentException(
          "vocabSize must be " + ByteTokenizer.VOCAB_SIZE + " (bytes + end-of-text) but was " + vocabSize);
    }
  }

  /** A config of the given size with the byte vocabulary and the default MLP ratio (2). */
  public static TransformerConfig of(int dModel, int layers, int heads, int context) {
    return new TransformerConfig(ByteTokenizer.VOCAB_SIZE, dModel, layers, heads, context,
        DEFAULT_MLP_RATIO);
  }

  /** The same shape with another MLP ratio. */
  public TransformerConfig withMlpRatio(int newMlpRatio) {
    return new TransformerConfig(vocabSize, dModel, layers, heads, context, newMlpRatio);
  }

  public int headDim() {
    return dModel / heads;
  }

  /**
   * Number of trainable parameters: token embedding (shared with the output layer), per block two
   * layer norms and four bias-free linear layers, and the final layer norm.
   */
  public long parameterCount() {
    long d = dModel;
    long perLayer = 2 * (2 * d) + 3 * d * d + d * d + 2 * mlpRatio * d * d;
    return (long) vocabSize * d + layers * perLayer + 2 * d;
  }

  private static void requirePositive(int value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0 but was " + value);
    }
  }
}

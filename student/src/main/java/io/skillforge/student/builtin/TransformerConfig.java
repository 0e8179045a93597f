package io.skillforge.student.builtin;

/**
 * The shape of a built-in student: a decoder-only transformer over bytes. Immutable; validated at
 * construction.
 *
 * @param vocabSize number of token ids: 256 byte values plus the end-of-text token
 * @param dModel width of the residual stream; divisible by {@code heads}
 * @param layers number of transformer blocks
 * @param heads attention heads per block
 * @param context largest sequence length in tokens (prompt plus response)
 * @param mlpRatio hidden width of each MLP as a multiple of {@code dModel}
 */
public record TransformerConfig(
    int vocabSize, int dModel, int layers, int heads, int context, int mlpRatio) {

  /** The default size: about 0.8M parameters, sized to train in minutes on two CPU cores. */
  public static final TransformerConfig DEFAULT = new TransformerConfig(ByteTokenizer.VOCAB_SIZE, 128, 4, 4, 192, 4);

  public TransformerConfig {
    requirePositive(vocabSize, "vocabSize");
    requirePositive(dModel, "dModel");
    requirePositive(layers, "layers");
    requirePositive(heads, "heads");
    requirePositive(context, "context");
    requirePositive(mlpRatio, "mlpRatio");
    if (dModel % heads != 0) {
      throw new IllegalArgumentException(
          "dModel " + dModel + " is not divisible by heads " + heads);
    }
    if (vocabSize != ByteTokenizer.VOCAB_SIZE) {
      throw new IllegalArgumentException(
          "vocabSize must be " + ByteTokenizer.VOCAB_SIZE + " (bytes + end-of-text) but was " + vocabSize);
    }
  }

  /** A config of the given size with the byte vocabulary and an MLP ratio of 4. */
  public static TransformerConfig of(int dModel, int layers, int heads, int context) {
    return new TransformerConfig(ByteTokenizer.VOCAB_SIZE, dModel, layers, heads, context, 4);
  }

  public int headDim() {
    return dModel / heads;
  }

  /** Number of trainable parameters (the output layer shares the token embedding). */
  public long parameterCount() {
    long d = dModel;
    long perLayer = 2 * (2 * d) + (3 * d * d + 3 * d) + (d * d + d) + (mlpRatio * d * d + mlpRatio * d)
        + (mlpRatio * d * d + d);
    return (long) vocabSize * d + (long) context * d + layers * perLayer + 2 * d;
  }

  private static void requirePositive(int value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0 but was " + value);
    }
  }
}

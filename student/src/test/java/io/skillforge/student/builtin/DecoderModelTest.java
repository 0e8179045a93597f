package io.skillforge.student.builtin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class DecoderModelTest {
  private static final TransformerConfig CONFIG = TransformerConfig.of(32, 2, 2, 32);

  @Test
  void forwardCached_oneTokenAtATime_matchesFullForward() {
    long[] tokens = {81, 58, 32, 97, 98, 99, 10, 65, 58, 32};
    int n = tokens.length;
    try (NDManager manager = NDManager.newBaseManager()) {
      DecoderModel model = new DecoderModel(CONFIG, 3);
      model.initialize(manager);
      ParameterStore store = new ParameterStore(manager, false);
      float[] full = model.forward(store, new NDList(manager.create(tokens, new Shape(1, n)),
          manager.arange(0, n, 1, DataType.INT64).reshape(1, n),
          manager.create(causal(n), new Shape(1, 1, n, n))), false).head().toFloatArray();

      int prefix = 4;
      long[] head = java.util.Arrays.copyOf(tokens, prefix);
      NDList out = model.forwardCached(store, manager.create(head, new Shape(1, prefix)),
          manager.arange(0, prefix, 1, DataType.INT64).reshape(1, prefix),
          manager.create(causal(prefix), new Shape(1, 1, prefix, prefix)), null, true, false);
      assertClose(full, (prefix - 1) * CONFIG.vocabSize(), out.get(0).toFloatArray());
      for (int t = prefix; t < n; t++) {
        out = model.forwardCached(store, manager.create(new long[] {tokens[t]}, new Shape(1, 1)),
            manager.create(new long[] {t}, new Shape(1, 1)),
            manager.zeros(new Shape(1, 1, 1, t + 1)), out.subNDList(1), true, false);
        assertClose(full, t * CONFIG.vocabSize(), out.get(0).toFloatArray());
      }
    }
  }

  @Test
  void initialize_sameSeed_sameWeights_otherSeed_otherWeights() {
    try (NDManager manager = NDManager.newBaseManager()) {
      float[] a = firstWeights(manager, 7);
      float[] b = firstWeights(manager, 7);
      float[] c = firstWeights(manager, 8);
      assertArrayEquals(a, b);
      assertEquals(false, java.util.Arrays.equals(a, c));
    }
  }

  @Test
  void parameterCount_matchesAllocatedParameters() {
    try (NDManager manager = NDManager.newBaseManager()) {
      DecoderModel model = new DecoderModel(CONFIG, 1);
      model.initialize(manager);
      long allocated = model.getParameters().values().stream()
          .mapToLong(p -> p.getArray().size()).sum();
      assertEquals(CONFIG.parameterCount(), allocated);
    }
  }

  private static float[] firstWeights(NDManager manager, long seed) {
    DecoderModel model = new DecoderModel(CONFIG, seed);
    model.initialize(manager);
    NDArray qkv = model.getParameters().values().stream()
        .filter(p -> p.getName().equals("qkv.weight")).findFirst().orElseThrow().getArray();
    return qkv.toFloatArray();
  }

  private static float[] causal(int n) {
    float[] mask = new float[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        mask[i * n + j] = -1e9f;
      }
    }
    return mask;
  }

  private static void assertClose(float[] full, int offset, float[] row) {
    for (int v = 0; v < row.length; v++) {
      assertEquals(full[offset + v], row[v], 1e-4, "logit " + v);
    }
  }
}

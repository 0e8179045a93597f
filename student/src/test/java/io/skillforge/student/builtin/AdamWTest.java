package io.skillforge.student.builtin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdamWTest {
  @org.junit.jupiter.api.BeforeEach
  void noAutogradOutsideCollectors() {
    // As on the student's own thread: in-place updates of parameters need grad mode off.
    Torch.disableGradModeOnThisThread();
  }

  /** A parameter holding {@code values}, with gradient {@code gradient} accumulated on it. */
  private static Parameter withGradient(NDManager manager, Parameter.Type type, float[] values,
      float[] gradient) {
    // Created from the values rather than set into an initialized array: NDArray.set goes through a
    // deprecated libtorch guard that prints a warning banner on stderr.
    Parameter p = Parameter.builder().setName("p").setType(type).build();
    p.setArray(manager.create(values));
    p.getArray().setRequiresGradient(true);
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      collector.backward(p.getArray().mul(manager.create(gradient)).sum());
    }
    return p;
  }

  @Test
  void step_first_movesEachWeightByTheLearningRateAgainstItsGradient() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Parameter p = withGradient(manager, Parameter.Type.BIAS, new float[] {1, 2, 3},
          new float[] {0.5f, -1, 0});
      try (AdamW adam = new AdamW(List.of(p), manager, 0.9, 0.95, 1e-8);
          NDManager step = manager.newSubManager()) {
        double norm = adam.step(step, 0.1, 0.5, 100);
        assertEquals(Math.sqrt(1.25), norm, 1e-6);
      }
      // Bias-corrected first step: m_hat / sqrt(v_hat) = sign(g); no decay on a bias.
      assertArrayEquals(new float[] {0.9f, 2.1f, 3f}, p.getArray().toFloatArray(), 1e-5f);
      assertArrayEquals(new float[] {0, 0, 0}, p.getArray().getGradient().toFloatArray());
    }
  }

  @Test
  void step_weight_decaysDecoupledFromTheGradient() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Parameter p = withGradient(manager, Parameter.Type.WEIGHT, new float[] {2, -4},
          new float[] {0, 0});
      try (AdamW adam = new AdamW(List.of(p), manager, 0.9, 0.95, 1e-8);
          NDManager step = manager.newSubManager()) {
        adam.step(step, 0.1, 0.5, 1);
      }
      assertArrayEquals(new float[] {1.9f, -3.8f}, p.getArray().toFloatArray(), 1e-5f);
    }
  }

  @Test
  void step_clipping_scalesTheWholeGradient_andSecondStepUsesMoments() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Parameter p = withGradient(manager, Parameter.Type.BIAS, new float[] {0, 0},
          new float[] {3, 4});
      try (AdamW adam = new AdamW(List.of(p), manager, 0.5, 0.5, 0);
          NDManager first = manager.newSubManager()) {
        assertEquals(5.0, adam.step(first, 1.0, 0, 1.0), 1e-5);
        // Adam's first step is sign(g) whatever the clipping.
        assertArrayEquals(new float[] {-1, -1}, p.getArray().toFloatArray(), 1e-5f);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
          NDArray w = p.getArray();
          collector.backward(w.mul(manager.create(new float[] {0, 1})).sum());
        }
        try (NDManager second = manager.newSubManager()) {
          adam.step(second, 1.0, 0, 100);
        }
        // Clipped g1 = (0.6, 0.8), then g2 = (0, 1): m = (0.15, 0.7), v = (0.09, 0.66), both
        // corrected by 1 - 0.5^2 = 0.75; the update is m_hat / sqrt(v_hat).
        float[] w = p.getArray().toFloatArray();
        assertEquals(-1 - 0.2 / Math.sqrt(0.12), w[0], 1e-4);
        assertEquals(-1 - (0.7 / 0.75) / Math.sqrt(0.66 / 0.75), w[1], 1e-4);
      }
    }
  }

  @Test
  void updateSharedOutOverThreads_equalsStepToTheBit() throws Exception {
    float[][] values = {{1, -2, 3}, {0.5f, 0.25f}};
    float[][] gradients = {{3, 0.1f, -7}, {-2, 5}};
    try (NDManager manager = NDManager.newBaseManager()) {
      List<Parameter> serial = List.of(
          withGradient(manager, Parameter.Type.WEIGHT, values[0], gradients[0]),
          withGradient(manager, Parameter.Type.BIAS, values[1], gradients[1]));
      List<Parameter> shared = List.of(
          withGradient(manager, Parameter.Type.WEIGHT, values[0], gradients[0]),
          withGradient(manager, Parameter.Type.BIAS, values[1], gradients[1]));
      try (AdamW one = new AdamW(serial, manager, 0.9, 0.95, 1e-8);
          AdamW two = new AdamW(shared, manager, 0.9, 0.95, 1e-8);
          NDManager step = manager.newSubManager()) {
        double norm = one.step(step, 0.01, 0.1, 1.0);

        AdamW.Update update = two.begin(0.01, 0.1);
        NDArray first = two.gradientNorm(0, step);
        NDArray second = onOtherThread(() -> two.gradientNorm(1, step));
        double sharedNorm = AdamW.globalNorm(new ai.djl.ndarray.NDList(first, second));
        double scale = AdamW.clipScale(sharedNorm, 1.0);
        two.update(0, update, scale, step);
        onOtherThread(() -> {
          two.update(1, update, scale, step);
          return null;
        });
        assertEquals(norm, sharedNorm);
      }
      for (int i = 0; i < 2; i++) {
        assertArrayEquals(serial.get(i).getArray().toFloatArray(),
            shared.get(i).getArray().toFloatArray(), 0f);
      }
    }
  }

  private static <T> T onOtherThread(java.util.concurrent.Callable<T> work) throws Exception {
    var thread = java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      return thread.submit(() -> {
        Torch.disableGradModeOnThisThread();
        return work.call();
      }).get();
    } finally {
      thread.shutdown();
    }
  }
}

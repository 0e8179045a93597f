package io.skillforge.student.builtin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Constants that autograd records must outlive their Java handles: a backward pass run after the
 * garbage collector has freed DJL's temporary buffers, and their memory has been reused, gives the
 * same gradients as one run at once.
 */
class AutogradMemoryTest {
  private static final TransformerConfig CONFIG = TransformerConfig.of(32, 2, 2, 32);

  @Test
  void constant_recordedInAProduct_survivesCollection() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray x = manager.ones(new Shape(4));
      x.setRequiresGradient(true);
      Torch.recordGradients(true);
      NDArray y;
      try (NDArray half = Torch.constant(manager, 0.5)) {
        y = x.mul(half).sum();
      } finally {
        Torch.recordGradients(false);
      }
      collectAndReuseFreedMemory();
      Torch.backward(y);
      assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f, 0.5f}, x.getGradient().toFloatArray());
    }
  }

  @Test
  void modelGradients_doNotDependOnCollectionBetweenForwardAndBackward() {
    try (NDManager manager = NDManager.newBaseManager()) {
      DecoderModel model = new DecoderModel(CONFIG, 5);
      model.initialize(manager);
      List<float[]> direct = gradients(model, manager, false);
      List<float[]> collected = gradients(model, manager, true);
      assertEquals(direct.size(), collected.size());
      for (int i = 0; i < direct.size(); i++) {
        assertArrayEquals(direct.get(i), collected.get(i), "parameter " + i);
      }
    }
  }

  /** One recorded forward and backward pass, as training runs it; returns every gradient. */
  private static List<float[]> gradients(DecoderModel model, NDManager manager, boolean collect) {
    List<Parameter> parameters = new ArrayList<>(model.getParameters().values());
    for (Parameter p : parameters) {
      p.getArray().setRequiresGradient(true);
      Torch.zeroGradient(p.getArray());
    }
    long[] tokens = {81, 58, 32, 50, 43, 51, 10, 65, 58, 32, 53, 10};
    int n = tokens.length;
    int d = CONFIG.dModel();
    int[] wanted = {7, 8, 9, 10};
    long[] picked = new long[wanted.length * d];
    long[] targets = new long[wanted.length];
    for (int i = 0; i < wanted.length; i++) {
      Arrays.fill(picked, i * d, (i + 1) * d, wanted[i]);
      targets[i] = tokens[wanted[i] + 1];
    }
    float[] mask = new float[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        mask[i * n + j] = -1e9f;
      }
    }
    try (NDManager step = manager.newSubManager()) {
      ParameterStore store = new ParameterStore(step, false);
      NDArray loss;
      Torch.recordGradients(true);
      try {
        NDArray logits = model.forwardPicked(store, step.create(tokens, new Shape(1, n)),
            step.arange(0, n, 1, DataType.INT64).reshape(1, n),
            step.create(mask, new Shape(1, 1, n, n)),
            step.create(picked, new Shape(wanted.length, d)), true);
        loss = TrainingLoop.responseLoss(logits, step.create(targets, new Shape(wanted.length, 1)),
            step.create(new float[] {1, 1, 1, 1}), 6);
      } finally {
        Torch.recordGradients(false);
      }
      if (collect) {
        collectAndReuseFreedMemory();
      }
      Torch.backward(loss);
      List<float[]> out = new ArrayList<>();
      for (Parameter p : parameters) {
        try (NDArray g = p.getArray().getGradient()) {
          out.add(g.toFloatArray());
        }
      }
      return out;
    }
  }

  /**
   * Runs the collector and waits until the reference handler has freed the unreachable direct
   * buffers, then allocates many small direct buffers full of a large value, which take over the
   * freed memory.
   */
  private static void collectAndReuseFreedMemory() {
    // The reference handler takes the references one collection found as one list and runs the
    // cleaners of direct buffers on it before it takes the next list. So once a marker found by a
    // second collection is enqueued, every cleaner of the first collection has run.
    awaitCollection();
    awaitCollection();
    List<ByteBuffer> filler = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      ByteBuffer b = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder());
      b.putFloat(0, 1e6f).putFloat(4, 1e6f);
      filler.add(b);
    }
    Reference.reachabilityFence(filler);
  }

  /** Collects until an object that became unreachable here is enqueued by the reference handler. */
  private static void awaitCollection() {
    ReferenceQueue<Object> queue = new ReferenceQueue<>();
    PhantomReference<Object> marker = new PhantomReference<>(new Object(), queue);
    try {
      for (int i = 0; i < 100; i++) {
        System.gc();
        if (queue.remove(100) != null) {
          return;
        }
      }
      throw new AssertionError("no collection found an unreachable object within 10 s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for a collection", e);
    } finally {
      Reference.reachabilityFence(marker);
    }
  }
}

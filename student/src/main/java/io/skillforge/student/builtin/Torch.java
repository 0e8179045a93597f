package io.skillforge.student.builtin;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The PyTorch-engine calls DJL's engine-neutral API does not offer. Kept in one place.
 *
 * <p>Autograd's "grad mode" is per thread in libtorch and on by default; DJL turns it off only on
 * the thread that loads the engine. A thread that runs inference or in-place optimizer updates on
 * parameters that require gradients must turn it off itself, or inference records graphs and
 * in-place updates fail ("a leaf Variable that requires grad is being used in an in-place
 * operation").
 */
final class Torch {
  static {
    Engine.getInstance();
  }

  private Torch() {}

  /**
   * Sets libtorch's intra-op threads for the calling thread (OpenMP keeps the count per thread).
   * Generation uses one: its per-step tensors are small, and waking a second thread for each op
   * costs more than it saves (measured: batch 32 generates 9,200-10,100 tokens/s on one thread and
   * 5,000-5,900 on two of two cores). Training uses one per data-parallel worker.
   */
  static void useThreads(int threads) {
    if (JniUtils.getNumThreads() != threads) {
      JniUtils.setNumThreads(threads);
    }
  }

  /** Turns autograd recording off for the calling thread (a gradient collector turns it on). */
  static void disableGradModeOnThisThread() {
    Engine.getInstance();
    JniUtils.setGradMode(false);
  }

  /**
   * Turns autograd recording on or off for the calling thread. Used instead of DJL's gradient
   * collector, which allows one collector per process at a time, so that data-parallel replicas
   * can record their forward passes at the same time on their own threads.
   */
  static void recordGradients(boolean on) {
    JniUtils.setGradMode(on);
  }

  /** Back-propagates a scalar loss recorded on this thread into its parameters' gradients. */
  static void backward(NDArray loss) {
    try (NDArray seed = loss.onesLike()) {
      JniUtils.backward((PtNDArray) loss, (PtNDArray) seed, false, false);
    }
  }

  /**
   * Moves an array that lives in Java memory (DJL creates arrays from Java data in a direct buffer,
   * whose address, and with it the alignment, differs from run to run) into memory libtorch
   * allocates, which is always 64-byte aligned. MKL chooses its matrix-product kernels by
   * alignment, so weights left in Java memory made seeded CPU training differ between runs.
   */
  static void moveToEngineMemory(NDArray array) {
    ((PtNDArray) array).intern(array.duplicate());
  }

  /**
   * A 0-d float array holding {@code value}, in memory libtorch allocates. Use it, never a Java
   * number, as the constant operand of an op that autograd records: DJL turns a number into an
   * array over a Java direct buffer and closes that array as soon as the op returns, while the
   * recorded graph keeps pointing at the buffer for the backward pass. Once the garbage collector
   * frees the buffer, the backward pass reads whatever the memory holds by then, so gradients went
   * wrong at random (measured: repeating a step's backward pass gave gradients up to 10% apart).
   */
  static NDArray constant(NDManager manager, double value) {
    return manager.full(new Shape(), (float) value);
  }

  /** Sets a parameter's accumulated gradient to zero in place. */
  static void zeroGradient(NDArray parameter) {
    JniUtils.zeroGrad((PtNDArray) parameter);
  }
}

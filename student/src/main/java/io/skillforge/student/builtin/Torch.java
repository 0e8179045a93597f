package io.skillforge.student.builtin;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The two PyTorch-engine calls DJL's engine-neutral API does not offer. Kept in one place.
 *
 * <p>Autograd's "grad mode" is per thread in libtorch and on by default; DJL turns it off only on
 * the thread that loads the engine. A thread that runs inference or in-place optimizer updates on
 * parameters that require gradients must turn it off itself, or inference records graphs and
 * in-place updates fail ("a leaf Variable that requires grad is being used in an in-place
 * operation").
 */
final class Torch {
  private Torch() {}

  /** Turns autograd recording off for the calling thread (a gradient collector turns it on). */
  static void disableGradModeOnThisThread() {
    Engine.getInstance();
    JniUtils.setGradMode(false);
  }

  /** Sets a parameter's accumulated gradient to zero in place. */
  static void zeroGradient(NDArray parameter) {
    JniUtils.zeroGrad((PtNDArray) parameter);
  }
}

package io.skillforge.student.builtin;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * AdamW (Loshchilov and Hutter): Adam with bias correction and weight decay applied to the weights
 * directly rather than through the gradient, preceded by clipping of the global gradient norm.
 * Decay applies only to linear-layer weights ({@link Parameter.Type#WEIGHT}), not to embeddings,
 * biases or layer-norm scales.
 *
 * <p>Moments live in a manager of their own; every temporary of a step is attached to the step's
 * manager, so memory stays flat. Not thread-safe; one instance per training run.
 */
final class AdamW implements AutoCloseable {
  private final List<Parameter> parameters;
  private final NDManager stateManager;
  private final List<NDArray> firstMoments = new ArrayList<>();
  private final List<NDArray> secondMoments = new ArrayList<>();
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private int updates;

  AdamW(List<Parameter> parameters, NDManager parent, double beta1, double beta2, double epsilon) {
    this.parameters = List.copyOf(parameters);
    this.stateManager = parent.newSubManager();
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    for (Parameter p : this.parameters) {
      NDArray w = p.getArray();
      firstMoments.add(stateManager.zeros(w.getShape(), w.getDataType()));
      secondMoments.add(stateManager.zeros(w.getShape(), w.getDataType()));
    }
  }

  /**
   * Applies one update from the parameters' accumulated gradients, then zeroes them: {@link
   * #begin}, every parameter's {@link #gradientNorm}, {@link #clipScale} and every parameter's
   * {@link #update}, on the calling thread.
   *
   * @param step the manager that owns this step's temporaries; closed by the caller
   * @return the global gradient norm before clipping
   */
  double step(NDManager step, double learningRate, double weightDecay, double clipNorm) {
    Update update = begin(learningRate, weightDecay);
    NDList norms = new NDList(parameters.size());
    for (int i = 0; i < parameters.size(); i++) {
      norms.add(gradientNorm(i, step));
    }
    double norm = globalNorm(norms);
    double scale = clipScale(norm, clipNorm);
    for (int i = 0; i < parameters.size(); i++) {
      update(i, update, scale, step);
    }
    return norm;
  }

  /** The settings of one update, fixed by {@link #begin}. */
  record Update(double learningRate, double weightDecay, double stepSize, double scaledEpsilon) {}

  /**
   * Starts the next update. Then {@link #gradientNorm} and {@link #update} may run for different
   * parameters on different threads at once; each parameter's arithmetic is the same on any
   * thread.
   */
  Update begin(double learningRate, double weightDecay) {
    updates++;
    // Bias correction folded into the step size and epsilon: lr * m_hat / (sqrt(v_hat) + eps)
    // equals stepSize * m / (sqrt(v) + eps * sqrt(c2)) with stepSize = lr * sqrt(c2) / c1.
    double correction1 = 1 - StrictMath.pow(beta1, updates);
    double correction2 = 1 - StrictMath.pow(beta2, updates);
    return new Update(learningRate, weightDecay,
        learningRate * Math.sqrt(correction2) / correction1, epsilon * Math.sqrt(correction2));
  }

  /** The L2 norm of parameter {@code i}'s gradient, a 0-d array; the gradient joins {@code step}. */
  NDArray gradientNorm(int i, NDManager step) {
    NDArray g = parameters.get(i).getArray().getGradient();
    g.attach(step);
    return g.norm();
  }

  /** The global norm from every parameter's {@link #gradientNorm}, in parameter order. */
  static double globalNorm(NDList norms) {
    return NDArrays.stack(norms).square().sum().sqrt().getFloat();
  }

  /** What gradients are multiplied by so that their global norm is at most {@code clipNorm}. */
  static double clipScale(double globalNorm, double clipNorm) {
    return globalNorm > clipNorm ? clipNorm / (globalNorm + 1e-6) : 1.0;
  }

  /** Updates parameter {@code i} from its gradient times {@code scale}, then zeroes the gradient. */
  void update(int i, Update update, double scale, NDManager step) {
    Parameter p = parameters.get(i);
    NDArray w = p.getArray();
    NDArray g = w.getGradient();
    g.attach(step);
    if (scale != 1.0) {
      g.muli(scale);
    }
    NDArray m = firstMoments.get(i);
    NDArray v = secondMoments.get(i);
    m.muli(beta1).addi(g.mul(1 - beta1));
    v.muli(beta2).addi(g.square().muli(1 - beta2));
    if (update.weightDecay() > 0 && p.getType() == Parameter.Type.WEIGHT) {
      w.muli(1 - update.learningRate() * update.weightDecay());
    }
    // m and v belong to the state manager, so arrays derived from them are moved to the step's.
    NDArray denominator = attach(v.sqrt(), step).addi(update.scaledEpsilon());
    w.subi(attach(m.div(denominator), step).muli(update.stepSize()));
    Torch.zeroGradient(w);
  }

  /**
   * Writes the optimizer's state (the update count and both moments of every parameter, in
   * parameter order) so that {@link #readState} can continue the same run to the bit.
   */
  void writeState(DataOutputStream out) throws IOException {
    out.writeInt(updates);
    out.writeInt(parameters.size());
    for (int i = 0; i < parameters.size(); i++) {
      writeFloats(out, firstMoments.get(i).toFloatArray());
      writeFloats(out, secondMoments.get(i).toFloatArray());
    }
  }

  /**
   * Restores what {@link #writeState} wrote for the same parameters.
   *
   * @throws IllegalArgumentException when the state belongs to other parameters
   */
  void readState(DataInputStream in) throws IOException {
    int savedUpdates = in.readInt();
    int count = in.readInt();
    if (count != parameters.size() || savedUpdates < 0) {
      throw new IllegalArgumentException("optimizer state for " + count + " parameters, not "
          + parameters.size());
    }
    for (int i = 0; i < count; i++) {
      readFloatsInto(in, firstMoments.get(i));
      readFloatsInto(in, secondMoments.get(i));
    }
    updates = savedUpdates;
  }

  private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
    out.writeInt(values.length);
    for (float v : values) {
      out.writeInt(Float.floatToRawIntBits(v));
    }
  }

  /** Overwrites {@code target} in place, so it stays in the memory libtorch allocated. */
  private void readFloatsInto(DataInputStream in, NDArray target) throws IOException {
    int length = in.readInt();
    if (length != target.size()) {
      throw new IllegalArgumentException("optimizer state of " + length + " values for a"
          + " parameter of " + target.size());
    }
    float[] values = new float[length];
    for (int j = 0; j < length; j++) {
      values[j] = Float.intBitsToFloat(in.readInt());
    }
    try (NDArray saved = stateManager.create(values, target.getShape())) {
      target.muli(0).addi(saved);
    }
  }

  private static NDArray attach(NDArray array, NDManager manager) {
    array.attach(manager);
    return array;
  }

  @Override
  public void close() {
    stateManager.close();
  }
}

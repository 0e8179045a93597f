package io.skillforge.student.builtin;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;
import java.util.Random;

/**
 * Normal initialization drawn from a Java {@link Random} rather than the engine's generator, so
 * that the same seed gives the same weights whatever else the engine did before. The values are
 * consumed in parameter initialization order, which the model fixes.
 */
final class SeededInitializer implements Initializer {
  private final Random random;
  private final float std;

  SeededInitializer(Random random, float std) {
    this.random = random;
    this.std = std;
  }

  @Override
  public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
    float[] values = new float[Math.toIntExact(shape.size())];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (random.nextGaussian() * std);
    }
    return manager.create(values, shape).toType(dataType, false);
  }
}

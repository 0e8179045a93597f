package io.skillforge.server.jobs.student;

import io.skillforge.student.builtin.TransformerConfig;

/**
 * The shape of a fresh built-in student; a null part keeps the default of {@link
 * TransformerConfig#DEFAULT}.
 */
public record ModelShape(Integer dim, Integer layers, Integer heads, Integer context, Integer mlpRatio) {
  public static final ModelShape DEFAULT = new ModelShape(null, null, null, null, null);

  /** Whether any part was given. */
  public boolean any() {
    return dim != null || layers != null || heads != null || context != null || mlpRatio != null;
  }

  /** The model configuration: given parts, defaults for the rest. */
  public TransformerConfig config() {
    TransformerConfig d = TransformerConfig.DEFAULT;
    return TransformerConfig.of(
            dim != null ? dim : d.dModel(), layers != null ? layers : d.layers(),
            heads != null ? heads : d.heads(), context != null ? context : d.context())
        .withMlpRatio(mlpRatio != null ? mlpRatio : d.mlpRatio());
  }
}

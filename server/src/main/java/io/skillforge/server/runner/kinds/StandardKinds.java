package io.skillforge.server.runner.kinds;

import io.skillforge.server.runner.JobKinds;

/** The job kinds every server runs. */
public final class StandardKinds {
  private StandardKinds() {}

  /**
   * A new kind is one line here, and its parameters' schema in the API's contract
   * ({@code openapi.yaml}).
   */
  public static JobKinds all() {
    return new JobKinds()
        .register(ImportKind.KIND)
        .register(CatalogKind.KIND)
        .register(LabelKind.KIND)
        .register(ProbeKind.KIND)
        .register(TrainKind.KIND)
        .register(ExportKind.KIND)
        .register(DistillKind.KIND)
        .register(ArteKind.KIND)
        .register(SkillGapKind.KIND)
        .register(ProfileKind.KIND)
        .register(TargetedDataKind.SELECT)
        .register(TargetedDataKind.SYNTHESIZE);
  }
}

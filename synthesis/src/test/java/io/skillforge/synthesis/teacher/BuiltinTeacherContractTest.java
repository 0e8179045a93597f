package io.skillforge.synthesis.teacher;

/** The built-in teacher keeps the shared contract, exactly. */
class BuiltinTeacherContractTest extends TeacherContract {
  private final BuiltinTeacher teacher = new BuiltinTeacher();

  @Override
  protected Teacher teacher() {
    return teacher;
  }

  @Override
  protected double minAgreement() {
    return 1.0;
  }
}

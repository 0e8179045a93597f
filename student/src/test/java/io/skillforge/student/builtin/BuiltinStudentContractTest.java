package io.skillforge.student.builtin;

import io.skillforge.student.Student;
import io.skillforge.student.StudentContractTest;
import io.skillforge.student.TrainedCheckpoint;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The built-in student, in-process. */
class BuiltinStudentContractTest extends StudentContractTest {
  @Override
  protected Student open() {
    try {
      return BuiltinStudent.load(TrainedCheckpoint.get(),
          BuiltinStudent.Options.DEFAULT.withName(NAME).withMaxBatch(8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected boolean expectedTrainable() {
    return true;
  }
}

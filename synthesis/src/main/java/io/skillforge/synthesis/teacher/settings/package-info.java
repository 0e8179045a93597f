/**
 * The teacher's settings: the {@code teacher} section of {@code conf/skillforge.yaml}, bound into
 * {@link io.skillforge.synthesis.teacher.settings.TeacherSettings}. The bundled YAML is the one
 * source of their defaults.
 */
package io.skillforge.synthesis.teacher.settings;

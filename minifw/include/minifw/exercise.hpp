#pragma once
/// @file
/// The exception every exercise stub throws until the learner writes it.

#include <stdexcept>
#include <string>
#include <string_view>

namespace minifw {

/// Thrown by an exercise stub. Its message names the exercise and the lesson
/// section that teaches it, so a failing test says where to read next:
/// `exercise 02.4 not done: see lessons/02-http/README.md#exercise-024-bodies-and-pipelining`.
class ExerciseNotDone : public std::logic_error {
public:
    ExerciseNotDone(std::string_view exercise, std::string_view lesson_section)
        : std::logic_error("exercise " + std::string(exercise) + " not done: see " +
                           std::string(lesson_section)),
          exercise_(exercise),
          section_(lesson_section) {}

    /// The exercise id, such as "02.4".
    const std::string& exercise() const noexcept { return exercise_; }
    /// The lesson file and anchor, such as "lessons/02-http/README.md#...".
    const std::string& section() const noexcept { return section_; }

private:
    std::string exercise_;
    std::string section_;
};

}  // namespace minifw

#pragma once

#include <Poco/Exception.h>

#include <string>
#include <vector>

namespace Limber {

/// One invalid input: the field's path as the user or client wrote it ("items[2].dose.reps")
/// and what to fix ("must be between 1 and 50").
struct FieldError {
    std::string field;
    std::string message;
    bool operator==(const FieldError&) const = default;
};

/// Input that breaks a rule. It is a Poco::InvalidArgumentException (so it maps to 400 at every
/// boundary) and carries every field error found, so a form can mark each wrong field.
class ValidationException : public Poco::InvalidArgumentException {
public:
    explicit ValidationException(std::vector<FieldError> errors);
    /// One error.
    ValidationException(const std::string& field, const std::string& message);

    const std::vector<FieldError>& errors() const { return _errors; }

    const char* name() const noexcept override { return "ValidationException"; }
    const char* className() const noexcept override { return typeid(*this).name(); }
    Poco::Exception* clone() const override { return new ValidationException(*this); }
    void rethrow() const override { throw *this; }

private:
    std::vector<FieldError> _errors;
};

/// Collects field errors and throws them together.
class FieldErrors {
public:
    void add(std::string field, std::string message);
    /// Adds each of errors with prefix put in front of its field path.
    void addAll(const std::vector<FieldError>& errors, const std::string& prefix = {});
    bool empty() const { return _errors.empty(); }
    const std::vector<FieldError>& list() const { return _errors; }
    /// Throws ValidationException when any error was added.
    void throwIfAny() const;

private:
    std::vector<FieldError> _errors;
};

} // namespace Limber

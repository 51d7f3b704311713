#include "ValidationException.h"

namespace Limber {

namespace {

std::string summary(const std::vector<FieldError>& errors) {
    std::string text;
    for (const auto& error : errors) {
        if (!text.empty())
            text += "; ";
        text += error.field + ": " + error.message;
    }
    return text;
}

} // namespace

ValidationException::ValidationException(std::vector<FieldError> errors)
    : Poco::InvalidArgumentException(summary(errors)), _errors(std::move(errors)) {}

ValidationException::ValidationException(const std::string& field, const std::string& message)
    : ValidationException(std::vector<FieldError>{{field, message}}) {}

void FieldErrors::add(std::string field, std::string message) {
    _errors.push_back({std::move(field), std::move(message)});
}

void FieldErrors::addAll(const std::vector<FieldError>& errors, const std::string& prefix) {
    for (const auto& error : errors)
        _errors.push_back({prefix + error.field, error.message});
}

void FieldErrors::throwIfAny() const {
    if (!_errors.empty())
        throw ValidationException(_errors);
}

} // namespace Limber

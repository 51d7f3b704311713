#include "FormErrors.h"

namespace Limber {

void setFormErrors(PageData& data, const std::vector<FieldError>& errors,
                   const FieldLabels& labels) {
    PageData list{PageData::type::list};
    std::map<std::string, std::string> byField;
    for (const auto& error : errors) {
        auto label = labels.find(error.field);
        PageData entry;
        entry.set("field", error.field);
        entry.set("label", label != labels.end() ? label->second : error.field);
        entry.set("message", error.message);
        entry.set("hasLink", label != labels.end());
        list.push_back(entry);
        std::string& message = byField[error.field];
        message += (message.empty() ? "" : "; ") + error.message;
    }
    data.set("hasErrors", !errors.empty());
    data.set("errors", list);
    for (const auto& [field, label] : labels) {
        auto found = byField.find(field);
        data.set(field + "Invalid", found != byField.end());
        data.set(field + "Error", found != byField.end() ? found->second : std::string());
    }
}

} // namespace Limber

#include "PasswordResetView.h"

namespace Limber {

namespace {

const FieldLabels RESET_LABELS{{"newPassword", "New password"},
                               {"repeatedPassword", "New password again"}};

} // namespace

void setPasswordResetPage(PageData& data, ResetPageState state, const std::string& userName,
                          const std::vector<FieldError>& errors) {
    data.set("form", state == ResetPageState::Form);
    data.set("linkDoesNotWork", state == ResetPageState::LinkDoesNotWork);
    data.set("done", state == ResetPageState::Done);
    data.set("userName", userName);
    setFormErrors(data, errors, RESET_LABELS);
}

} // namespace Limber

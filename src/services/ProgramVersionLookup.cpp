#include "ProgramVersionLookup.h"

#include <Poco/Exception.h>

#include <string>

namespace Limber {

ProgramVersionOfPatient findProgramVersion(Store& store, std::int64_t clinicId,
                                           std::int64_t programId, std::optional<int> version) {
    std::optional<Program> program = store.program(clinicId, programId);
    if (!program)
        throw Poco::NotFoundException("program " + std::to_string(programId));
    const ProgramVersion* found = version ? program->version(*version) : &program->current();
    if (!found)
        throw Poco::NotFoundException("version " + std::to_string(*version) + " of program " +
                                      std::to_string(programId));
    const int number = found->number;
    std::optional<Patient> patient = store.patient(clinicId, program->patientId);
    if (!patient)
        throw Poco::NotFoundException("patient " + std::to_string(program->patientId));
    return {std::move(*program), number, std::move(*patient)};
}

} // namespace Limber

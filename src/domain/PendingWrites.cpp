#include "PendingWrites.h"

namespace Limber {

namespace {
thread_local PendingWrites* currentWrites = nullptr;
} // namespace

PendingWrites::~PendingWrites() {
    settle();
}

PendingWrites::Scope::Scope(PendingWrites& writes) : _previous(currentWrites) {
    currentWrites = &writes;
}

PendingWrites::Scope::~Scope() {
    currentWrites = _previous;
}

PendingWrites* PendingWrites::current() {
    return currentWrites;
}

void PendingWrites::waitForCurrent() {
    if (currentWrites)
        currentWrites->waitAll();
}

void PendingWrites::add(Wait wait) {
    _waits.push_back(std::move(wait));
}

void PendingWrites::waitAll() {
    if (std::exception_ptr failure = settle())
        std::rethrow_exception(failure);
}

std::exception_ptr PendingWrites::settle() {
    std::vector<Wait> waits;
    waits.swap(_waits);
    for (Wait& wait : waits) {
        try {
            wait();
        } catch (...) {
            if (!_failure)
                _failure = std::current_exception();
        }
    }
    return _failure;
}

} // namespace Limber

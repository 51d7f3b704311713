// What one hand-off from one runnable task to another costs on this machine: a byte passed
// around a ring of members over pipes, each member waiting in read() until it is its turn, as a
// Limber thread waits for its database connection's answer and a PostgreSQL backend for the
// next statement. Members are threads of this process, or processes of their own, and the ring
// grows: on some virtual machines a switch between processes costs more the more processes
// take turns, which is what a second instance (its process and its connections' backends)
// adds on the same cores. README "Benchmarks" gives the figures.
#include <benchmark/benchmark.h>

#include <array>
#include <cstdlib>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

constexpr char PASS = 'p';
constexpr char STOP = 's';

/// One member of the ring: reads the token from in, hands it on to out, until the token says
/// stop (handed on too, so that every member stops).
void member(int in, int out) {
    char token = 0;
    while (read(in, &token, 1) == 1) {
        if (write(out, &token, 1) != 1 || token == STOP)
            return;
    }
}

/// Passes the token around a ring of `state.range(0)` members (this thread and the others),
/// the others being processes when asProcesses; counts one item a hand-off.
void ring(benchmark::State& state, bool asProcesses) {
    const auto size = static_cast<int>(state.range(0));
    std::vector<std::array<int, 2>> pipes(static_cast<std::size_t>(size));
    for (auto& ends : pipes)
        if (pipe(ends.data()) != 0)
            std::abort();
    auto in = [&](int i) { return pipes[static_cast<std::size_t>(i)][0]; };
    auto out = [&](int i) { return pipes[static_cast<std::size_t>((i + 1) % size)][1]; };
    std::vector<std::thread> threads;
    std::vector<pid_t> children;
    for (int i = 1; i < size; ++i) {
        if (!asProcesses) {
            threads.emplace_back(member, in(i), out(i));
            continue;
        }
        const pid_t child = fork();
        if (child == 0) {
            member(in(i), out(i));
            _exit(0);
        }
        children.push_back(child);
    }
    char token = PASS;
    for (auto _ : state) {
        if (write(out(0), &token, 1) != 1 || read(in(0), &token, 1) != 1)
            std::abort();
    }
    token = STOP;
    if (write(out(0), &token, 1) != 1 || read(in(0), &token, 1) != 1)
        std::abort();
    for (auto& thread : threads)
        thread.join();
    for (pid_t child : children)
        waitpid(child, nullptr, 0);
    for (auto& ends : pipes) {
        close(ends[0]);
        close(ends[1]);
    }
    state.SetItemsProcessed(state.iterations() * size);
}

void BM_HandOffBetweenThreads(benchmark::State& state) {
    ring(state, false);
}
void BM_HandOffBetweenProcesses(benchmark::State& state) {
    ring(state, true);
}

BENCHMARK(BM_HandOffBetweenThreads)->Arg(2)->Arg(8)->Arg(24)->Arg(48)->UseRealTime();
BENCHMARK(BM_HandOffBetweenProcesses)->Arg(2)->Arg(8)->Arg(24)->Arg(48)->UseRealTime();

} // namespace

BENCHMARK_MAIN();

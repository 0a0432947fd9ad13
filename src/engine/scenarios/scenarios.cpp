// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "scenarios.h"

namespace coroscope {

QCoro::Task<RunStatus> runScenario(LabContext &g) {
    switch (g.params.scenario) {
    case Scenario::Seed:
        break;
    case Scenario::Blocking:
        co_return co_await runBlocking(g);
    case Scenario::Bounded:
        co_return co_await runBounded(g);
    case Scenario::AsCompleted:
        co_return co_await runAsCompleted(g);
    case Scenario::Timeout:
        co_return co_await runTimeout(g);
    case Scenario::Failure:
        co_return co_await runFailure(g);
    case Scenario::Queue:
        co_return co_await runQueue(g);
    case Scenario::Cpu:
        co_return co_await runCpu(g);
    }
    Q_UNREACHABLE();
    co_return RunStatus::Finished;
}

} // namespace coroscope

// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

// The tests' one way to run a run to its end on this thread (they used to copy it).
// For test targets that link the engine.

#include "engine/run.h"
#include "model/labparams.h"

#include <QElapsedTimer>
#include <QSignalSpy>

#include <memory>

namespace coroscope::test {

/*!
 * Runs \a p to its end on this thread's event loop, a lab run's defaults resolved first
 * (as the command line does); the record stays with the returned run. Invalid parameters or
 * a run that does not end within a minute abort the test. \a realMs: real time taken.
 *
 * \code
 * const auto run = runToEnd(p);
 * QCOMPARE(run->record().groups.at(0)->status, RunStatus::Finished);
 * \endcode
 */
inline std::unique_ptr<Run> runToEnd(RunParams p, qint64 *realMs = nullptr) {
    if (p.scenario != Scenario::Seed)
        resolveLabDefaults(p);
    const QString why = p.validate();
    if (!why.isEmpty())
        qFatal("invalid params: %s", qPrintable(why));
    auto run = std::make_unique<Run>(p);
    QSignalSpy finished(run.get(), &Run::finished);
    QElapsedTimer clock;
    clock.start();
    run->start();
    if (!finished.wait(60'000))
        qFatal("the run did not finish");
    if (realMs)
        *realMs = clock.elapsed();
    return run;
}

} // namespace coroscope::test

// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include <QList>
#include <QString>
#include <QtGlobal>

#include <optional>

namespace coroscope {

/*!
 * \brief The lesson lab's programs (PRODUCT.md section 10): the seed and seven more.
 *
 * Every scenario but the seed has two variants (the two groups of compare mode); a
 * variant's index is its group's slot: 0 is drawn first (GroupKind::Sequential's place),
 * 1 second (GroupKind::Concurrent's place).
 */
enum class Scenario { Seed, Blocking, Bounded, AsCompleted, Timeout, Failure, Queue, Cpu };

QString scenarioName(Scenario s);
//! The lesson in one line ("One task throws: gather lets the others go on, …").
QString scenarioSummary(Scenario s);
//! Every scenario, in the order of the table (the seed first).
QList<Scenario> scenarios();
std::optional<Scenario> parseScenario(const QString &s);
//! Every scenario's name, in the order of the table ("seed, blocking, …").
QString scenarioNames();

//! A scenario's two variants' names (empty for the seed: its groups are its modes).
QString variantName(Scenario s, int variant);
std::optional<int> parseVariant(Scenario s, const QString &name);
//! The variant a scenario runs when none is asked for.
int defaultVariant(Scenario s);
/*!
 * Whether compare runs the two variants one after the other (each from its own t = 0):
 * a blocked or busy loop would otherwise slow the other variant down too.
 */
bool variantsRunInTurn(Scenario s);

/*!
 * \brief The lab scenarios' own parameters, with their ranges (see README "Lesson lab").
 *
 * Defaults depend on the run's shape (a block in the middle of the run, half a delay
 * long, …) and are filled in by resolve(); negative means "not given".
 */
struct LabParams {
    // blocking
    int blockTask = -1;          //!< the task that makes the blocking call
    int blockAt = -1;            //!< at its value index
    double blockForSeconds = -1; //!< how long the call blocks
    // bounded
    int limit = -1; //!< permits of the semaphore
    // as-completed
    double spread = -1; //!< task t's delay is delay × (1 + spread × u_t), u_t in [0, 1)
    // timeout
    double timeoutSeconds = -1; //!< the group's deadline
    // failure
    int failTask = -1;
    int failAt = -1;
    // queue
    int items = -1;
    int capacity = -1;
    int workers = -1;
    // cpu
    double workMs = -1; //!< computation per value
    int threads = -1;   //!< the thread pool's size for offloaded work

    static constexpr double kMaxSpread = 10;
    static constexpr int kMaxItems = 1'000'000;
    static constexpr int kMaxCapacity = 1'000'000;
    static constexpr int kMaxWorkers = 10'000;
    static constexpr double kMaxWorkMs = 10'000;
    static constexpr int kMaxThreads = 256;
};

} // namespace coroscope

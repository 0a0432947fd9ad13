// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "sidebyside.h"

namespace coroscope {

RunParams sideBySideParams(const RunRecord &watched) {
    RunParams p = watched.params;
    p.runtime = Runtime::QCoro;
    p.sideBySide = false;
    p.mode = Mode::Concurrent;
    p.timing = Timing::Relative; // asyncio's sleeps count from the wake-up
    p.clock = Clock::Real;
    p.seed = randomSeed();
    return p;
}

bool isBesideGroup(const RunRecord &r, const GroupRecord &g) {
    return r.params.sideBySide && r.groups.size() > 1 && r.groups[1].get() == &g;
}

bool canRunBeside(const RunRecord &r) {
    return r.source && !r.params.sideBySide && r.groups.size() == 1 && r.groups[0]->isDone() &&
           sideBySideParams(r).validate().isEmpty();
}

std::unique_ptr<RunRecord> sideBySideRecord(const RunRecord &watched, const RunRecord &qcoro) {
    Q_ASSERT(watched.source && !watched.groups.empty() && !qcoro.groups.empty());
    auto both = std::make_unique<RunRecord>();
    both->params = watched.params;
    both->params.sideBySide = true;
    both->app = watched.app;
    both->source = watched.source;
    both->groups.push_back(copyGroup(*watched.groups.front()));
    both->groups.push_back(copyGroup(*qcoro.groups.front()));
    return both;
}

LiveBeside::LiveBeside(const RunRecord &watched, const RunRecord &qcoro) {
    Q_ASSERT(watched.source && !watched.groups.empty() && !qcoro.groups.empty());
    m_record.params = watched.params;
    m_record.params.sideBySide = true;
    m_record.app = watched.app;
    m_record.source = watched.source;
    // Borrowed: RunRecord holds its groups as owners, so the destructor releases them
    // unfreed. Only const accessors ever reach them through record().
    m_record.groups.emplace_back(const_cast<GroupRecord *>(watched.groups.front().get()));
    m_record.groups.emplace_back(const_cast<GroupRecord *>(qcoro.groups.front().get()));
}

LiveBeside::~LiveBeside() {
    for (auto &g : m_record.groups)
        // Not ours to free: the groups are borrowed, their owners free them.
        (void)g.release(); // NOLINT(bugprone-unused-return-value)
}

QString groupLabel(const RunRecord &r, const GroupRecord &g) {
    if (!r.params.sideBySide)
        return groupLabel(r.params, g.kind());
    return !r.groups.empty() && r.groups.front().get() == &g ? QStringLiteral("asyncio")
                                                             : QStringLiteral("qcoro");
}

Runtime groupRuntime(const RunRecord &r, size_t index) {
    return r.params.runtime == Runtime::Asyncio && index == 0 ? Runtime::Asyncio : Runtime::QCoro;
}

QString sideBySideLine(const RunRecord &r) {
    if (!r.params.sideBySide || r.groups.size() != 2)
        return {};
    QStringList parts;
    for (size_t i = 0; i < 2; ++i) {
        const GroupRecord &g = *r.groups[i];
        if (!g.isDone())
            return {};
        parts << QStringLiteral("%1 %2 s, p99 late %3 ms")
                     .arg(groupRuntime(r, i) == Runtime::Asyncio ? QStringLiteral("asyncio")
                                                                 : QStringLiteral("QCoro"))
                     .arg(g.health.wallS, 0, 'f', 4)
                     .arg(g.health.latenessP99Ms, 0, 'f', 2);
    }
    return parts.join(QStringLiteral("; "));
}

} // namespace coroscope

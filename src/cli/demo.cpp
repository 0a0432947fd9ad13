// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "demo.h"

#include "cli/cliopts.h"
#include "engine/comprehension.h"
#include "engine/run.h"
#include "io/numberformat.h"

#include <QCoreApplication>
#include <QTimer>

#include <cerrno>
#include <cstdio>

namespace coroscope {

namespace {

void printLine(const QByteArray &line) {
    std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
    std::fputc('\n', stdout);
    // The reader has gone (`--demo 0 | head -3`; SIGPIPE is ignored): a demo only prints,
    // so it is done.
    if (std::fflush(stdout) != 0 && errno == EPIPE)
        QMetaObject::invokeMethod(QCoreApplication::instance(), &QCoreApplication::quit,
                                  Qt::QueuedConnection);
}

// 0-main: async for i in async_generator(): print(i)
QCoro::Task<> demoGenerator(GroupContext &g) {
    QCORO_FOREACH(double value, asyncGenerator(g, 0, g.originNs)) {
        printLine(pythonFloatText(value));
    }
}

// 1-main: print(await async_comprehension())
QCoro::Task<> demoComprehension(GroupContext &g) {
    const QList<double> values = co_await asyncComprehension(g, 0, g.originNs);
    QByteArray line = "[";
    for (qsizetype i = 0; i < values.size(); ++i)
        line += (i ? ", " : "") + pythonFloatText(values[i]);
    printLine(line + ']');
}

// 2-main: print(await measure_runtime())
QCoro::Task<> demoRuntime(GroupContext &g) {
    printLine(pythonFloatText(co_await measureRuntime(g)));
}

} // namespace

int runDemo(int demo, const RunParams &params) {
    RunParams p = params;
    p.mode = Mode::Concurrent;
    if (demo != 2)
        p.tasks = 1;
    if (const QString why = Run::checkFits(p); !why.isEmpty()) {
        std::fprintf(stderr, "coroscope: --tasks/--values: %s\n", qPrintable(why));
        return ExitUsage;
    }
    Scheduler scheduler;
    GroupRecord record(GroupKind::Concurrent, p.tasks, p.values,
                       GroupRecord::scheduleFor(p, GroupKind::Concurrent));
    GroupContext g{scheduler, record, p, scheduler.now()};
    QCoro::Task<> task = demo == 0   ? demoGenerator(g)
                         : demo == 1 ? demoComprehension(g)
                                     : demoRuntime(g);
    // Queued: quit() before exec() would be lost.
    QCoro::connect(std::move(task), QCoreApplication::instance(), [] {
        QMetaObject::invokeMethod(QCoreApplication::instance(), &QCoreApplication::quit,
                                  Qt::QueuedConnection);
    });
    return QCoreApplication::exec();
}

} // namespace coroscope

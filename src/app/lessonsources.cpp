// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "lessonsources.h"

#include <QFile>
#include <QRegularExpression>

// Outside the namespace, as Q_INIT_RESOURCE wants: the resources live in a static library.
static void initLessonSources() {
    Q_INIT_RESOURCE(lessonsources);
}

namespace coroscope {

QString LessonSource::title() const {
    return path.mid(path.lastIndexOf(QLatin1Char('/')) + 1);
}

QString LessonSource::resource() const {
    return QStringLiteral(":/lesson/") + path;
}

QString LessonSource::text() const {
    static const bool registered = (initLessonSources(), true);
    Q_UNUSED(registered);
    QFile f(resource());
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(f.readAll());
}

QList<LessonSource> lessonSources(Scenario s) {
    const auto cpp = [](const char *name) {
        return LessonSource{QStringLiteral("src/engine/scenarios/") + QLatin1String(name), false};
    };
    const auto py = [](const char *name) {
        return LessonSource{QStringLiteral("resources/scenarios/") + QLatin1String(name), true};
    };
    switch (s) {
    case Scenario::Seed:
        return {{QStringLiteral("src/engine/comprehension.cpp"), false},
                {QStringLiteral("resources/python/examples/async_generator.py"), true},
                {QStringLiteral("resources/python/examples/async_comprehension.py"), true},
                {QStringLiteral("resources/python/examples/measure_runtime.py"), true}};
    case Scenario::Blocking:
        return {cpp("blocking.cpp"), py("blocking.py")};
    case Scenario::Bounded:
        return {cpp("bounded.cpp"), py("bounded.py")};
    case Scenario::AsCompleted:
        return {cpp("ascompleted.cpp"), py("as-completed.py")};
    case Scenario::Timeout:
        return {cpp("timeout.cpp"), py("timeout.py")};
    case Scenario::Failure:
        return {cpp("failure.cpp"), py("failure.py")};
    case Scenario::Queue:
        return {cpp("queue.cpp"), py("queue_workers.py")};
    case Scenario::Cpu:
        return {cpp("cpu.cpp"), py("cpu.py")};
    }
    return {};
}

QHash<QString, int> lessonTags(const QString &text, QStringList *duplicates) {
    // The whole comment is the marker, so prose that says "lesson:" is no marker.
    static const QRegularExpression marker(QStringLiteral("(?://|#)\\s*lesson: ([a-z]+)\\s*$"));
    QHash<QString, int> tags;
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i) {
        const QRegularExpressionMatch m = marker.match(lines[i]);
        if (!m.hasMatch())
            continue;
        const QString tag = m.captured(1);
        if (tags.contains(tag)) {
            if (duplicates)
                *duplicates << tag;
            continue;
        }
        tags.insert(tag, i);
    }
    return tags;
}

} // namespace coroscope

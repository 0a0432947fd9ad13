// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "lessonsources.h"

#include <QHash>
#include <QWidget>

#include <vector>

class QTabWidget;

namespace coroscope {

class CodeHighlighter;
class CodeView;

/*!
 * \brief The Code dock: the lesson's C++ program as compiled into the binary and its
 * Python equivalent, one tab per file, syntax-highlighted, with the lines where tasks are
 * now highlighted and counted ("3 tasks").
 *
 * The window gives it the scenario and, once a frame, the tasks per tag
 * (lessonTagCounts()); the markers in the sources (lessonTags()) say which line a tag is.
 */
class CodePanel : public QWidget {
    Q_OBJECT
public:
    explicit CodePanel(QWidget *parent = nullptr);
    ~CodePanel() override;

    /*!
     * Shows \a s's sources (no highlights until showCounts()), and when \a program is
     * given, a watched Python program's text in a tab after them, the one shown (its lines
     * carry no lesson tags, so no highlights).
     */
    void setScenario(Scenario s, const QString &program = {});
    Scenario scenario() const { return m_scenario; }
    //! The watched program's path whose tab is shown, or empty.
    QString program() const { return m_program; }
    //! Highlights each tag's line with its count; tags with no line or no task: none.
    void showCounts(const QHash<QString, int> &tasksAtTag);
    //! Scrolls the current tab (or the first that has it) to \a tag's line and marks it.
    void jumpTo(const QString &tag);

    //! For tests and tools: the lesson tabs' files (a program's tab comes after them), the
    //! tab count, the highlighted lines of \a tab (line → its
    //! label, "3 tasks"), the current tab and the line the cursor is on.
    QList<LessonSource> sources() const { return m_sources; }
    int tabCount() const;
    QHash<int, QString> highlighted(int tab) const;
    int currentTab() const;
    int cursorLine(int tab) const;
    QString text(int tab) const;

protected:
    void changeEvent(QEvent *event) override;

private:
    bool isDark() const;

    Scenario m_scenario = Scenario::Seed;
    bool m_loaded = false;
    QString m_program;
    QTabWidget *m_tabs;
    QList<LessonSource> m_sources;
    std::vector<CodeView *> m_views;
    std::vector<CodeHighlighter *> m_highlighters;
    std::vector<QHash<QString, int>> m_tags;
    QHash<QString, int> m_counts;
};

} // namespace coroscope

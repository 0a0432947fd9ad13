// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include <QRegularExpression>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>

#include <vector>

namespace coroscope {

/*!
 * \brief C++ or Python colours for the code panel: keywords (co_await and await stand
 * out: they are where a coroutine lets the others run), strings, numbers, comments, and
 * the lesson markers ("// lesson: sleep") dimmed.
 *
 * Colours come from the palette given (light or dark); setDark() re-colours.
 */
class CodeHighlighter : public QSyntaxHighlighter {
    Q_OBJECT
public:
    enum class Language { Cpp, Python };
    CodeHighlighter(QTextDocument *document, Language language, bool dark);

    //! Colours for a dark (or light) background; rehighlights.
    void setDark(bool dark);

protected:
    void highlightBlock(const QString &text) override;

private:
    struct Rule {
        QRegularExpression pattern;
        QTextCharFormat format;
    };
    void makeRules();

    Language m_language;
    bool m_dark;
    std::vector<Rule> m_rules;
    QTextCharFormat m_comment;
    QTextCharFormat m_marker;
    QTextCharFormat m_string;
};

} // namespace coroscope

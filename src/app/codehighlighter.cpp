// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "codehighlighter.h"

#include <QColor>

namespace coroscope {

CodeHighlighter::CodeHighlighter(QTextDocument *document, Language language, bool dark)
    : QSyntaxHighlighter(document)
    , m_language(language)
    , m_dark(dark) {
    makeRules();
}

void CodeHighlighter::setDark(bool dark) {
    if (dark == m_dark)
        return;
    m_dark = dark;
    makeRules();
    rehighlight();
}

void CodeHighlighter::makeRules() {
    // Hues that keep their contrast on both backgrounds (each pair checked by eye).
    const auto colour = [this](const char *light, const char *dark) {
        return QColor(QLatin1String(m_dark ? dark : light));
    };
    QTextCharFormat keyword;
    keyword.setForeground(colour("#1f4fb5", "#82aaff"));
    keyword.setFontWeight(QFont::Bold);
    QTextCharFormat await;
    await.setForeground(colour("#a3156b", "#ff8ad8"));
    await.setFontWeight(QFont::Bold);
    QTextCharFormat type;
    type.setForeground(colour("#00707a", "#5fd7d7"));
    QTextCharFormat number;
    number.setForeground(colour("#8a5300", "#f0b060"));
    QTextCharFormat preprocessor;
    preprocessor.setForeground(colour("#6a4a9c", "#c3a6ff"));
    m_string.setForeground(colour("#2f7a1f", "#a5d98b"));
    m_comment.setForeground(colour("#6b6b6b", "#9a9a9a"));
    m_comment.setFontItalic(true);
    m_marker = m_comment;
    m_marker.setForeground(colour("#a0a0a0", "#707070"));

    const auto words = [](const char *list) {
        return QRegularExpression(QStringLiteral("\\b(?:%1)\\b").arg(QLatin1String(list)));
    };
    m_rules.clear();
    if (m_language == Language::Cpp) {
        m_rules.push_back({words("auto|bool|break|case|catch|class|const|constexpr|continue|"
                                 "default|double|else|enum|false|for|if|int|namespace|nullptr|"
                                 "private|public|return|static|struct|switch|template|this|throw|"
                                 "true|try|typename|using|void|while|qint64|quint32"),
                           keyword});
        m_rules.push_back({words("co_await|co_yield|co_return"), await});
        m_rules.push_back({QRegularExpression(QStringLiteral(
                               "\\b(?:QCoro|std|Scheduler)::\\w+|\\b[A-Z]\\w*(?=[<&* ])")),
                           type});
        m_rules.push_back({QRegularExpression(QStringLiteral("^\\s*#\\s*\\w+")), preprocessor});
    } else {
        m_rules.push_back({words("and|as|async|break|class|continue|def|elif|else|except|"
                                 "finally|for|from|if|import|in|is|lambda|None|not|or|pass|raise|"
                                 "return|True|False|try|while|with|yield"),
                           keyword});
        m_rules.push_back({words("await"), await});
        m_rules.push_back({QRegularExpression(QStringLiteral("\\basyncio\\.\\w+")), type});
    }
    m_rules.push_back({QRegularExpression(QStringLiteral("\\b\\d+(?:\\.\\d+)?\\b")), number});
}

void CodeHighlighter::highlightBlock(const QString &text) {
    for (const Rule &rule : m_rules)
        for (auto it = rule.pattern.globalMatch(text); it.hasNext();) {
            const QRegularExpressionMatch m = it.next();
            setFormat(int(m.capturedStart()), int(m.capturedLength()), rule.format);
        }
    // Strings and comments last, over what the words found inside them; a comment starts
    // outside a string. Python docstrings span lines: block state 1 = inside """.
    const QString comment =
        m_language == Language::Cpp ? QStringLiteral("//") : QStringLiteral("#");
    int i = 0;
    setCurrentBlockState(0);
    if (m_language == Language::Python && previousBlockState() == 1) {
        const int end = int(text.indexOf(QStringLiteral("\"\"\"")));
        setFormat(0, end < 0 ? int(text.size()) : end + 3, m_string);
        if (end < 0) {
            setCurrentBlockState(1);
            return;
        }
        i = end + 3;
    }
    while (i < text.size()) {
        const QChar c = text[i];
        if (m_language == Language::Python && text.mid(i, 3) == QLatin1String("\"\"\"")) {
            const int end = int(text.indexOf(QStringLiteral("\"\"\""), i + 3));
            setFormat(i, end < 0 ? int(text.size()) - i : end + 3 - i, m_string);
            if (end < 0) {
                setCurrentBlockState(1);
                return;
            }
            i = end + 3;
        } else if (c == QLatin1Char('"') || c == QLatin1Char('\'')) {
            int j = i + 1;
            while (j < text.size() && text[j] != c)
                j += text[j] == QLatin1Char('\\') ? 2 : 1;
            setFormat(i, std::min(int(text.size()), j + 1) - i, m_string);
            i = j + 1;
        } else if (text.mid(i, comment.size()) == comment) {
            const bool marker = text.mid(i).contains(QLatin1String("lesson: "));
            setFormat(i, int(text.size()) - i, marker ? m_marker : m_comment);
            return;
        } else {
            ++i;
        }
    }
}

} // namespace coroscope

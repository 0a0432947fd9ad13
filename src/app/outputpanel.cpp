// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "outputpanel.h"

#include <QFontDatabase>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextCursor>

namespace coroscope {

OutputPanel::OutputPanel(QWidget *parent)
    : QPlainTextEdit(parent) {
    setObjectName(QStringLiteral("outputPanel"));
    setAccessibleName(QStringLiteral("Program output"));
    setReadOnly(true);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setMaximumBlockCount(kMaxLines);
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setPlaceholderText(
        QStringLiteral("File → Watch Python program… runs your asyncio program; what it prints "
                       "appears here."));
}

void OutputPanel::append(const QByteArray &text, bool isError) {
    QTextCharFormat format;
    if (isError) // the palette's link colour reads in light and dark; red alone may not
        format.setForeground(palette().color(QPalette::LinkVisited));
    QTextCursor cursor(document());
    cursor.movePosition(QTextCursor::End);
    cursor.insertText(QString::fromUtf8(text), format);
    // Follow the end unless the user scrolled up to read.
    QScrollBar *bar = verticalScrollBar();
    if (bar->value() >= bar->maximum() - 4)
        bar->setValue(bar->maximum());
}

void OutputPanel::note(const QString &line) {
    QTextCharFormat format;
    format.setFontItalic(true);
    format.setForeground(palette().color(QPalette::PlaceholderText));
    QTextCursor cursor(document());
    cursor.movePosition(QTextCursor::End);
    if (!document()->lastBlock().text().isEmpty())
        cursor.insertText(QStringLiteral("\n"));
    cursor.insertText(line + QLatin1Char('\n'), format);
}

void OutputPanel::clearOutput() {
    clear();
}

} // namespace coroscope

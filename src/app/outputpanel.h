// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include <QPlainTextEdit>

namespace coroscope {

/*!
 * \brief The Output panel: what a watched Python program writes on stdout and stderr, in
 * the order it arrived (stderr in the palette's error colour, so a traceback stands out).
 * Read-only; keeps the last kMaxLines lines so a chatty program cannot eat the memory.
 */
class OutputPanel : public QPlainTextEdit {
    Q_OBJECT
public:
    explicit OutputPanel(QWidget *parent = nullptr);

    //! Appends \a text as it came (partial lines continue the last one).
    void append(const QByteArray &text, bool isError);
    //! A line of Coroscope's own ("— watching main_2.py with python3 3.11.2 —"), in italics.
    void note(const QString &line);
    void clearOutput();
    //! Everything shown, as plain text (for tests and copying).
    QString text() const { return toPlainText(); }

    static constexpr int kMaxLines = 10'000;
};

} // namespace coroscope

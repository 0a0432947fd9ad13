// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "watch/pythonwatcher.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace coroscope {

/*!
 * \brief File → Watch Python program…: which script, its arguments, which interpreter.
 *
 * The examples shipped in share/coroscope/ (the seed's programs and the lesson lab's
 * Python equivalents) are one pick away; any script of the learner's own is a Browse…
 * away. OK stays greyed, with the reason under the fields, until the script is a
 * readable file.
 */
class WatchDialog : public QDialog {
    Q_OBJECT
public:
    explicit WatchDialog(QWidget *parent = nullptr);

    //! Pre-fills the fields (the last program watched, or --watch-python's).
    void setOptions(const watch::WatchOptions &options);
    //! What to watch: the script, its arguments split as a shell would, the interpreter.
    watch::WatchOptions options() const;
    //! Why the fields cannot be watched as they are ("" when they can).
    QString problem() const;

    //! The shipped examples: (title, path, default arguments), those found on disk.
    struct Example {
        QString title;
        QString path;
        QString arguments;
    };
    static QList<Example> examples();

private:
    void update();

    QComboBox *m_examples = nullptr;
    QLineEdit *m_script = nullptr;
    QLineEdit *m_arguments = nullptr;
    QLineEdit *m_python = nullptr;
    QLabel *m_problem = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace coroscope

// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "watchdialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QVBoxLayout>

namespace coroscope {

QList<WatchDialog::Example> WatchDialog::examples() {
    // Beside the tracer: share/coroscope/ of the build tree or the installed prefix.
    const QString tracer = watch::PythonWatcher::findTracer();
    if (tracer.isEmpty())
        return {};
    const QDir share = QFileInfo(tracer).absoluteDir();
    struct Known {
        const char *file;
        const char *title;
        const char *arguments;
    };
    static constexpr Known known[] = {
        {"examples/main_2.py", "The seed's 2-main: four comprehensions at once (0.1 s)", "0.1"},
        {"examples/main_1.py", "The seed's 1-main: four comprehensions one after another (0.1 s)",
         "0.1"},
        {"examples/main_0.py", "The seed's 0-main: one comprehension (0.1 s)", "0.1"},
        {"examples/many_tasks.py", "Many tasks: 10,000 comprehensions (0.1 s)", "10000 0.1 10"},
        {"examples/labels.py", "Labels: generators that yield words as well as numbers (0.1 s)",
         "0.1"},
        {"scenarios/blocking.py", "Lesson: one blocking call (0.1 s)", "--delay 0.1"},
        {"scenarios/bounded.py", "Lesson: bounded concurrency (a semaphore) (0.1 s)",
         "--delay 0.1"},
        {"scenarios/as-completed.py", "Lesson: completion order (0.1 s)", "--delay 0.1"},
        {"scenarios/timeout.py", "Lesson: timeouts (0.1 s)", "--delay 0.1"},
        {"scenarios/failure.py", "Lesson: one failure among many (0.1 s)", "--delay 0.1"},
        {"scenarios/queue_workers.py", "Lesson: a queue and its workers (0.1 s)", "--delay 0.1"},
        {"scenarios/cpu.py", "Lesson: CPU work (0.1 s)", "--delay 0.1"},
    };
    QList<Example> found;
    for (const Known &k : known) {
        const QString path = share.filePath(QLatin1String(k.file));
        if (QFileInfo(path).isFile())
            found.append({QString::fromUtf8(k.title), path, QLatin1String(k.arguments)});
    }
    return found;
}

WatchDialog::WatchDialog(QWidget *parent)
    : QDialog(parent) {
    setObjectName(QStringLiteral("watchDialog"));
    setWindowTitle(QStringLiteral("Watch Python program"));
    m_examples = new QComboBox(this);
    m_examples->setObjectName(QStringLiteral("watchExamples"));
    m_examples->addItem(QStringLiteral("Your own program…"));
    for (const Example &e : examples())
        m_examples->addItem(e.title, QStringList{e.path, e.arguments});
    m_examples->setToolTip(QStringLiteral("The examples shipped with Coroscope"));
    m_script = new QLineEdit(this);
    m_script->setObjectName(QStringLiteral("watchScript"));
    m_script->setPlaceholderText(QStringLiteral("path/to/program.py"));
    auto *browse = new QPushButton(QStringLiteral("&Browse…"), this);
    auto *scriptRow = new QHBoxLayout;
    scriptRow->addWidget(m_script, 1);
    scriptRow->addWidget(browse);
    m_arguments = new QLineEdit(this);
    m_arguments->setObjectName(QStringLiteral("watchArguments"));
    m_arguments->setPlaceholderText(QStringLiteral("its arguments, as on a command line"));
    m_python = new QLineEdit(this);
    m_python->setObjectName(QStringLiteral("watchPython"));
    m_python->setPlaceholderText(QStringLiteral("python3 (Python 3.8 or newer)"));
    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("watchProblem"));
    m_problem->setWordWrap(true);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(QStringLiteral("&Watch"));

    auto *form = new QFormLayout;
    form->addRow(QStringLiteral("&Example:"), m_examples);
    form->addRow(QStringLiteral("&Script:"), scriptRow);
    form->addRow(QStringLiteral("&Arguments:"), m_arguments);
    form->addRow(QStringLiteral("&Interpreter:"), m_python);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);
    resize(560, sizeHint().height());

    connect(m_examples, &QComboBox::activated, this, [this](int i) {
        const QStringList e = m_examples->itemData(i).toStringList();
        if (e.size() == 2) {
            m_script->setText(e[0]);
            m_arguments->setText(e[1]);
        }
    });
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, QStringLiteral("Python program"), QFileInfo(m_script->text()).absolutePath(),
            QStringLiteral("Python programs (*.py);;All files (*)"));
        if (!path.isEmpty())
            m_script->setText(path);
    });
    for (QLineEdit *e : {m_script, m_arguments, m_python})
        connect(e, &QLineEdit::textChanged, this, &WatchDialog::update);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    update();
}

void WatchDialog::setOptions(const watch::WatchOptions &o) {
    m_script->setText(o.script);
    QStringList quoted;
    for (const QString &a : o.arguments)
        quoted << (a.contains(QLatin1Char(' ')) || a.isEmpty()
                       ? QLatin1Char('"') + a + QLatin1Char('"')
                       : a);
    m_arguments->setText(quoted.join(QLatin1Char(' ')));
    m_python->setText(o.python);
}

watch::WatchOptions WatchDialog::options() const {
    watch::WatchOptions o;
    o.script = m_script->text().trimmed();
    o.arguments = QProcess::splitCommand(m_arguments->text());
    o.python = m_python->text().trimmed();
    return o;
}

QString WatchDialog::problem() const {
    const QString script = m_script->text().trimmed();
    if (script.isEmpty())
        return QStringLiteral("Pick an example or a Python program of your own.");
    const QFileInfo f(script);
    if (!f.exists())
        return QStringLiteral("%1: no such file").arg(QDir::toNativeSeparators(script));
    if (!f.isFile() || !f.isReadable())
        return QStringLiteral("%1: not a readable file").arg(QDir::toNativeSeparators(script));
    return {};
}

void WatchDialog::update() {
    const QString why = problem();
    m_problem->setText(why);
    m_problem->setVisible(!why.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(why.isEmpty());
}

} // namespace coroscope

// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "codepanel.h"

#include "codehighlighter.h"

#include <QEvent>
#include <QFile>
#include <QFileInfo>
#include <QFontDatabase>
#include <QPainter>
#include <QPlainTextEdit>
#include <QTabWidget>
#include <QTextBlock>
#include <QVBoxLayout>

#include <algorithm>

namespace coroscope {

/*!
 * A read-only source view that paints each highlighted line's label ("3 tasks") at its
 * right edge, over the text's margin: the document stays the file, unchanged.
 */
class CodeView : public QPlainTextEdit {
public:
    explicit CodeView(QWidget *parent)
        : QPlainTextEdit(parent) {
        setReadOnly(true);
        setLineWrapMode(QPlainTextEdit::NoWrap);
        setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    }
    QHash<int, QString> labels;

    //! Brings the first of \a lines into view unless one of them is in view already (the
    //! reader may have scrolled to another: they are left there).
    void reveal(QList<int> lines) {
        std::sort(lines.begin(), lines.end());
        const int first = firstVisibleBlock().blockNumber();
        const int shown = viewport()->height() / std::max(1, fontMetrics().lineSpacing());
        for (int line : std::as_const(lines))
            if (line >= first && line < first + shown)
                return;
        QTextCursor c(document()->findBlockByNumber(lines.front()));
        setTextCursor(c);
        centerCursor();
    }

protected:
    void paintEvent(QPaintEvent *event) override {
        QPlainTextEdit::paintEvent(event);
        if (labels.isEmpty())
            return;
        QPainter p(viewport());
        QFont f = font();
        f.setBold(true);
        p.setFont(f);
        const QFontMetrics fm(f);
        for (auto it = labels.cbegin(); it != labels.cend(); ++it) {
            const QTextBlock block = document()->findBlockByNumber(it.key());
            if (!block.isValid())
                continue;
            const QRectF line = blockBoundingGeometry(block).translated(contentOffset());
            if (line.bottom() < 0 || line.top() > viewport()->height())
                continue;
            const int w = fm.horizontalAdvance(it.value()) + 12;
            const QRectF badge(viewport()->width() - w - 4, line.top() + 1, w, line.height() - 2);
            p.setPen(Qt::NoPen);
            p.setBrush(palette().color(QPalette::Highlight));
            p.setRenderHint(QPainter::Antialiasing, true);
            p.drawRoundedRect(badge, 4, 4);
            p.setPen(palette().color(QPalette::HighlightedText));
            p.drawText(badge, Qt::AlignCenter, it.value());
        }
    }
};

CodePanel::CodePanel(QWidget *parent)
    : QWidget(parent)
    , m_tabs(new QTabWidget(this)) {
    setObjectName(QStringLiteral("codePanel"));
    m_tabs->setObjectName(QStringLiteral("codeTabs"));
    m_tabs->setDocumentMode(true);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);
    setScenario(Scenario::Seed);
}

CodePanel::~CodePanel() = default;

bool CodePanel::isDark() const {
    return palette().color(QPalette::Base).lightness() < 128;
}

namespace {

//! A watched program's text for its tab: a script, so the first MiB at most (a path given by
//! mistake to a big file must not hold the window), and a line saying why when unreadable.
QString programText(const QString &path) {
    constexpr qint64 kMaxBytes = 1 << 20;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return QStringLiteral("# %1 cannot be read: %2\n").arg(path, f.errorString());
    QString text = QString::fromUtf8(f.read(kMaxBytes));
    if (!f.atEnd())
        text += QStringLiteral("\n# (only the first MiB of this file is shown)\n");
    return text;
}

} // namespace

void CodePanel::setScenario(Scenario s, const QString &program) {
    if (m_loaded && s == m_scenario && program == m_program)
        return;
    m_loaded = true;
    m_scenario = s;
    m_program = program;
    m_tabs->clear();
    for (CodeView *v : m_views)
        v->deleteLater();
    m_views.clear();
    m_highlighters.clear();
    m_tags.clear();
    m_counts.clear();
    m_sources = lessonSources(s);
    for (const LessonSource &src : std::as_const(m_sources)) {
        auto *view = new CodeView(m_tabs);
        view->setObjectName(QStringLiteral("code_") + src.title());
        const QString text = src.text();
        view->setPlainText(text);
        m_highlighters.push_back(new CodeHighlighter(view->document(),
                                                     src.python ? CodeHighlighter::Language::Python
                                                                : CodeHighlighter::Language::Cpp,
                                                     isDark()));
        m_tags.push_back(lessonTags(text));
        if (!m_tags.back().isEmpty())
            view->reveal(m_tags.back().values());
        m_views.push_back(view);
        const int tab = m_tabs->addTab(view, src.title());
        m_tabs->setTabToolTip(
            tab, src.python ? QStringLiteral("The Python asyncio equivalent, %1").arg(src.path)
                            : QStringLiteral("The C++ that runs, compiled into "
                                             "Coroscope from %1")
                                  .arg(src.path));
    }
    if (!program.isEmpty()) {
        auto *view = new CodeView(m_tabs);
        view->setObjectName(QStringLiteral("code_program"));
        view->setPlainText(programText(program));
        m_highlighters.push_back(
            new CodeHighlighter(view->document(), CodeHighlighter::Language::Python, isDark()));
        m_tags.emplace_back();
        m_views.push_back(view);
        const int tab = m_tabs->addTab(view, QFileInfo(program).fileName());
        m_tabs->setTabToolTip(tab, QStringLiteral("The watched Python program, %1").arg(program));
        m_tabs->setCurrentIndex(tab);
    }
}

int CodePanel::tabCount() const {
    return m_tabs->count();
}

void CodePanel::showCounts(const QHash<QString, int> &counts) {
    if (counts == m_counts)
        return;
    m_counts = counts;
    const QColor mark = [this] {
        QColor c = palette().color(QPalette::Highlight);
        c.setAlpha(isDark() ? 90 : 60);
        return c;
    }();
    for (size_t i = 0; i < m_views.size(); ++i) {
        CodeView *view = m_views[i];
        QList<QTextEdit::ExtraSelection> marks;
        QHash<int, QString> labels;
        for (auto it = m_tags[i].cbegin(); it != m_tags[i].cend(); ++it) {
            const int n = counts.value(it.key());
            if (n <= 0)
                continue;
            QTextEdit::ExtraSelection sel;
            sel.cursor = QTextCursor(view->document()->findBlockByNumber(it.value()));
            sel.format.setBackground(mark);
            sel.format.setProperty(QTextFormat::FullWidthSelection, true);
            marks << sel;
            labels.insert(it.value(),
                          n == 1 ? QStringLiteral("1 task") : QStringLiteral("%1 tasks").arg(n));
        }
        view->setExtraSelections(marks);
        QList<int> now = labels.keys();
        QList<int> before = view->labels.keys();
        std::sort(now.begin(), now.end());
        std::sort(before.begin(), before.end());
        const bool moved = now != before;
        view->labels = labels;
        view->viewport()->update();
        if (moved && !labels.isEmpty())
            view->reveal(now);
    }
}

void CodePanel::jumpTo(const QString &tag) {
    int tab = m_tabs->currentIndex();
    if (tab < 0 || !m_tags[size_t(tab)].contains(tag)) {
        tab = -1;
        for (size_t i = 0; i < m_tags.size() && tab < 0; ++i)
            if (m_tags[i].contains(tag))
                tab = int(i);
    }
    if (tab < 0)
        return;
    m_tabs->setCurrentIndex(tab);
    CodeView *view = m_views[size_t(tab)];
    QTextCursor c(view->document()->findBlockByNumber(m_tags[size_t(tab)].value(tag)));
    c.select(QTextCursor::LineUnderCursor);
    view->setTextCursor(c);
    view->centerCursor();
}

QHash<int, QString> CodePanel::highlighted(int tab) const {
    return tab >= 0 && size_t(tab) < m_views.size() ? m_views[size_t(tab)]->labels
                                                    : QHash<int, QString>();
}

int CodePanel::currentTab() const {
    return m_tabs->currentIndex();
}

int CodePanel::cursorLine(int tab) const {
    return tab >= 0 && size_t(tab) < m_views.size()
               ? m_views[size_t(tab)]->textCursor().blockNumber()
               : -1;
}

QString CodePanel::text(int tab) const {
    return tab >= 0 && size_t(tab) < m_views.size() ? m_views[size_t(tab)]->toPlainText()
                                                    : QString();
}

void CodePanel::changeEvent(QEvent *event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        for (CodeHighlighter *h : m_highlighters)
            h->setDark(isDark());
        const QHash<QString, int> counts = std::exchange(m_counts, {});
        showCounts(counts); // the marks' colour follows the palette
    }
}

} // namespace coroscope

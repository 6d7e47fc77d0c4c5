// SPDX-License-Identifier: GPL-3.0-or-later
#include "procview.h"

#include <QFontDatabase>
#include <QPlainTextEdit>
#include <QScrollBar>

#include "simulationstate.h"

namespace gbw {

namespace {

// Replace the text without losing the reader's place.
void setKeepingScroll(QPlainTextEdit* edit, const std::string& text)
{
    const QString next = QString::fromStdString(text);
    if (edit->toPlainText() == next)
        return;
    const int v = edit->verticalScrollBar()->value();
    const int h = edit->horizontalScrollBar()->value();
    edit->setPlainText(next);
    edit->verticalScrollBar()->setValue(v);
    edit->horizontalScrollBar()->setValue(h);
}

} // namespace

ProcView::ProcView(SimulationState* state, QWidget* parent)
    : QTabWidget(parent)
    , m_pagetypeinfo(addText(QStringLiteral("/proc/pagetypeinfo")))
    , m_buddyinfo(addText(QStringLiteral("/proc/buddyinfo")))
{
    setObjectName(QStringLiteral("proc"));
    connect(state, &SimulationState::snapshotChanged, this, [this, state] {
        const auto& s = state->snapshot();
        if (!s || s->pagetypeinfo.empty())
            return;
        setKeepingScroll(m_pagetypeinfo, s->pagetypeinfo);
        setKeepingScroll(m_buddyinfo, s->buddyinfo);
    });
}

QPlainTextEdit* ProcView::addText(const QString& title)
{
    auto* edit = new QPlainTextEdit(this);
    edit->setReadOnly(true);
    edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    edit->setPlaceholderText(tr("Waiting for the simulation…"));
    addTab(edit, title);
    return edit;
}

QString ProcView::pagetypeinfo() const
{
    return m_pagetypeinfo->toPlainText();
}

QString ProcView::buddyinfo() const
{
    return m_buddyinfo->toPlainText();
}

} // namespace gbw

// SPDX-License-Identifier: GPL-3.0-or-later
#include "compareview.h"

#include <QGridLayout>
#include <QLabel>
#include <QSplitter>

#include "differencemapview.h"
#include "gigablockmapview.h"
#include "simulationstate.h"

namespace gbw {

namespace {

QWidget* column(QLabel* header, QWidget* body)
{
    auto* box = new QWidget;
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(header);
    layout->addWidget(body, 1);
    return box;
}

} // namespace

CompareView::CompareView(SimulationState* a, SimulationState* b, QWidget* parent)
    : QWidget(parent)
    , m_a(a)
    , m_b(b)
    , m_headerA(new QLabel)
    , m_headerB(new QLabel)
    , m_mapA(new GigablockMapView(a))
    , m_mapB(new GigablockMapView(b))
    , m_difference(new DifferenceMapView(a, b))
{
    setObjectName(QStringLiteral("compare"));
    // Distinct names: "map" stays the main window's own map.
    m_mapA->setObjectName(QStringLiteral("compareA"));
    m_mapB->setObjectName(QStringLiteral("compareB"));
    for (QLabel* header : {m_headerA, m_headerB}) {
        QFont bold = header->font();
        bold.setBold(true);
        bold.setPointSizeF(bold.pointSizeF() * 1.2);
        header->setFont(bold);
    }
    auto* sides = new QSplitter(Qt::Horizontal);
    sides->addWidget(column(m_headerA, m_mapA));
    sides->addWidget(column(m_headerB, m_mapB));
    auto* vertical = new QSplitter(Qt::Vertical);
    vertical->addWidget(sides);
    vertical->addWidget(m_difference);
    vertical->setStretchFactor(0, 3);
    vertical->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(vertical);

    connect(a, &SimulationState::snapshotChanged, this, &CompareView::updateHeaders);
    connect(b, &SimulationState::snapshotChanged, this, &CompareView::updateHeaders);
    // One selection for both sides.
    connect(a, &SimulationState::selectionChanged, this, [this] { follow(m_a, m_b); });
    connect(b, &SimulationState::selectionChanged, this, [this] { follow(m_b, m_a); });
    updateHeaders();
}

void CompareView::follow(SimulationState* from, SimulationState* to)
{
    // Selecting a gigablock clears the pageblock and page and signals in between: copy all three
    // before listening again.
    if (m_following)
        return;
    m_following = true;
    to->selectGigablock(from->selectedGigablock());
    to->selectPageblock(from->selectedPageblock());
    to->selectPage(from->selectedPage());
    m_following = false;
}

void CompareView::updateHeaders()
{
    const auto& a = m_a->snapshot();
    const auto& b = m_b->snapshot();
    // A knob set comparison says which knobs differ; a policy comparison says the policies.
    QStringList knobsA;
    QStringList knobsB;
    if (a && b && a->knobs.size() == b->knobs.size()) {
        for (std::size_t i = 0; i < a->knobs.size(); ++i) {
            const Knob& ka = a->knobs[i];
            const Knob& kb = b->knobs[i];
            if (ka.value == kb.value)
                continue;
            knobsA << QStringLiteral("%1=%2").arg(QString::fromStdString(ka.name)).arg(ka.value);
            knobsB << QStringLiteral("%1=%2").arg(QString::fromStdString(kb.name)).arg(kb.value);
        }
    }
    const auto header = [](const SnapshotPtr& s, const QString& side, const QStringList& knobs) {
        if (!s)
            return side;
        // The counts that tell the story, where the map's own title may be cut off by a narrow column.
        QString text = tr("%1: %2 — %3 tainted, %4 clean, %5 empty")
                           .arg(side, QString::fromStdString(s->policy))
                           .arg(s->count(CellCategory::Tainted))
                           .arg(s->count(CellCategory::Clean))
                           .arg(s->count(CellCategory::Empty));
        if (!knobs.isEmpty())
            text += QStringLiteral(", ") + knobs.join(QStringLiteral(", "));
        return text;
    };
    m_headerA->setText(header(a, tr("A"), knobsA));
    m_headerB->setText(header(b, tr("B"), knobsB));
}

} // namespace gbw

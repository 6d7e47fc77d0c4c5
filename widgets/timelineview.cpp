// SPDX-License-Identifier: GPL-3.0-or-later
#include "timelineview.h"

#include <QLabel>
#include <QMouseEvent>
#include <QVBoxLayout>

#include "colors.h"
#include "qcustomplotwrapper.h"
#include "simulationstate.h"

namespace gbw {

namespace {

void addGraph(QCustomPlot* plot, const QString& name, QRgb color)
{
    auto* graph = plot->addGraph();
    graph->setName(name);
    graph->setPen(QPen(QColor::fromRgb(color), 1.5));
}

} // namespace

TimelineView::TimelineView(SimulationState* state, QWidget* parent)
    : QWidget(parent)
    , m_state(state)
{
    setObjectName(QStringLiteral("timelines"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    m_brushLabel = new QLabel(this);
    m_brushLabel->setObjectName(QStringLiteral("brushLabel"));
    m_brushLabel->setContentsMargins(6, 2, 6, 2);
    layout->addWidget(m_brushLabel);

    auto* gigablocks = addPlot(tr("Gigablocks"), tr("count"));
    addGraph(gigablocks, tr("tainted"), colors::categoryBase(CellCategory::Tainted));
    addGraph(gigablocks, tr("empty"), colors::categoryBase(CellCategory::Empty));
    addGraph(gigablocks, tr("1 GB allocatable with compaction"), 0xff000000);
    addGraph(gigablocks, tr("1 GB allocatable, free only"), 0xff888888);
    gigablocks->graph(3)->setPen(QPen(QColor::fromRgb(0xff888888), 1.5, Qt::DashLine));

    auto* memory = addPlot(tr("Free memory"), tr("GiB"));
    addGraph(memory, tr("free"), colors::categoryBase(CellCategory::Clean));
    addGraph(memory, tr("in free blocks of order ≥ 9 (2 MiB+)"), colors::sequential(0.9));

    auto* fragmentation = addPlot(tr("Fragmentation"), tr("score"));
    addGraph(fragmentation, tr("fragmentation score, node 0, THP order"), 0xff984ea3);

    auto* work = addPlot(tr("Compaction and reclaim"), tr("pages/s"));
    addGraph(work, tr("migrated by compaction"), colors::migrateType(MigrateType::Reclaimable));
    addGraph(work, tr("reclaimed"), colors::migrateType(MigrateType::Unmovable));

    for (auto* plot : m_plots)
        layout->addWidget(plot, 1);
    // Zoom and pan on time in one plot moves them all.
    for (auto* plot : m_plots) {
        connect(
            plot->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, [this, plot](const QCPRange& range) {
                for (auto* other : m_plots) {
                    if (other != plot && other->xAxis->range() != range) {
                        other->xAxis->setRange(range);
                        other->replot(QCustomPlot::rpQueuedReplot);
                    }
                }
            });
    }
    for (auto* plot : m_plots) {
        auto* cursor = new QCPItemStraightLine(plot);
        cursor->setPen(QPen(QColor(0xd3, 0x2f, 0x2f), 1.5));
        cursor->setVisible(false);
        m_cursors.push_back(cursor);
    }
    for (auto* plot : m_plots) {
        auto* brush = new QCPItemRect(plot);
        brush->topLeft->setTypeY(QCPItemPosition::ptAxisRectRatio);
        brush->bottomRight->setTypeY(QCPItemPosition::ptAxisRectRatio);
        brush->setPen(QPen(QColor(0x21, 0x66, 0xac), 1));
        brush->setBrush(QColor(0x21, 0x66, 0xac, 50));
        brush->setSelectable(false);
        brush->setVisible(false);
        m_brushes.push_back(brush);
        plot->installEventFilter(this);
    }
    connect(state, &SimulationState::timeRangeChanged, this, &TimelineView::updateBrush);
    updateBrush();
    connect(state, &SimulationState::snapshotChanged, this, &TimelineView::refresh);
    applyPalette();
    connect(state, &SimulationState::cleared, this, [this] {
        m_shown = 0;
        refresh();
    });
}

TimelineView::~TimelineView() = default;

QCustomPlot* TimelineView::addPlot(const QString& title, const QString& unit)
{
    auto* plot = new QCustomPlot(this);
    plot->setMinimumHeight(150);
    plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    plot->axisRect()->setRangeDrag(Qt::Horizontal);
    plot->axisRect()->setRangeZoom(Qt::Horizontal);
    plot->xAxis->setLabel(tr("virtual time (s)"));
    plot->yAxis->setLabel(unit);
    // Title above and the legend in one row below the axes, so the legend never hides data.
    plot->plotLayout()->insertRow(0);
    plot->plotLayout()->addElement(
        0, 0, new QCPTextElement(plot, title, QFont(font().family(), font().pointSize(), QFont::Bold)));
    plot->legend->setVisible(true);
    plot->legend->setFont(font());
    plot->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    plot->legend->setBorderPen(Qt::NoPen);
    plot->axisRect()->insetLayout()->take(plot->legend);
    plot->plotLayout()->addElement(2, 0, plot->legend);
    plot->plotLayout()->setRowStretchFactor(0, 0.001);
    plot->plotLayout()->setRowStretchFactor(2, 0.001);
    plot->plotLayout()->setRowSpacing(0);
    m_plots.push_back(plot);
    m_titles.push_back(title);
    return plot;
}

void TimelineView::applyPalette()
{
    // The plots' chrome follows the palette (dark or light); the series keep their colours.
    const QColor background = palette().color(QPalette::Base);
    const QColor text = palette().color(QPalette::Text);
    const QColor grid = colors::isDark(palette()) ? QColor(0x50, 0x50, 0x50) : QColor(0xdc, 0xdc, 0xdc);
    for (auto* plot : m_plots) {
        plot->setBackground(background);
        plot->legend->setBrush(background);
        plot->legend->setTextColor(text);
        for (QCPAxis* axis : {plot->xAxis, plot->yAxis}) {
            axis->setBasePen(QPen(text));
            axis->setTickPen(QPen(text));
            axis->setSubTickPen(QPen(text));
            axis->setTickLabelColor(text);
            axis->setLabelColor(text);
            axis->grid()->setPen(QPen(grid, 1, Qt::DotLine));
        }
        if (auto* title = qobject_cast<QCPTextElement*>(plot->plotLayout()->element(0, 0)))
            title->setTextColor(text);
        plot->replot(QCustomPlot::rpQueuedReplot);
    }
}

void TimelineView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::PaletteChange)
        applyPalette();
    QWidget::changeEvent(event);
}

int TimelineView::pointCount(int plot, int graph) const
{
    return m_plots[std::size_t(plot)]->graph(graph)->dataCount();
}

double TimelineView::cursorSeconds() const
{
    return m_cursors.empty() || !m_cursors.front()->visible() ? -1 : m_cursors.front()->point1->coords().x();
}

void TimelineView::updateCursor()
{
    const auto& s = m_state->snapshot();
    const bool shown = s && s->source.kind == SourceKind::Replay;
    for (std::size_t p = 0; p < m_plots.size(); ++p) {
        auto* cursor = m_cursors[p];
        if (shown) {
            cursor->point1->setCoords(s->seconds, 0);
            cursor->point2->setCoords(s->seconds, 1);
        }
        if (shown || cursor->visible()) {
            cursor->setVisible(shown);
            m_plots[p]->replot(QCustomPlot::rpQueuedReplot);
        }
    }
}

void TimelineView::markUnknown(int plot, bool unknown)
{
    auto* p = m_plots[std::size_t(plot)];
    for (int g = 0; g < p->graphCount(); ++g)
        p->graph(g)->setVisible(!unknown);
    if (auto* title = qobject_cast<QCPTextElement*>(p->plotLayout()->element(0, 0)))
        title->setText(
            unknown ? m_titles[std::size_t(plot)] + tr(" — unknown for this source") : m_titles[std::size_t(plot)]);
}

void TimelineView::refresh()
{
    const auto& history = m_state->history();
    updateCursor();
    if (const auto& s = m_state->snapshot()) {
        markUnknown(0, !s->source.categoriesKnown);
        markUnknown(2, !s->source.fragmentationKnown);
    }
    if (history.size() == m_shown && m_shown != 0)
        return;
    m_shown = history.size();
    const int n = int(history.size());
    QVector<double> t(n), tainted(n), empty(n), alloc(n), allocFree(n), freeGiB(n), hugeGiB(n), score(n), migrated(n),
        reclaimed(n);
    const double pageBytes = m_state->snapshot() ? double(m_state->snapshot()->geometry.pageBytes()) : 4096.0;
    const int hugeOrder = m_state->snapshot() ? m_state->snapshot()->geometry.pageblockOrder : 9;
    for (int i = 0; i < n; ++i) {
        const EngineSample& s = history[std::size_t(i)];
        t[i] = s.seconds;
        tainted[i] = s.categories[std::size_t(GigablockCategory::Tainted)];
        empty[i] = s.categories[std::size_t(GigablockCategory::Empty)];
        alloc[i] = s.allocatable1g;
        allocFree[i] = s.allocatable1gFree;
        freeGiB[i] = double(s.freePages) * pageBytes / double(1 << 30);
        double huge = 0;
        for (std::size_t o = std::size_t(hugeOrder); o < s.freeBlocksByOrder.size(); ++o)
            huge += double(s.freeBlocksByOrder[o]) * double(std::uint64_t(1) << o);
        hugeGiB[i] = huge * pageBytes / double(1 << 30);
        score[i] = s.fragmentationScore;
        // The counters are cumulative: plot the rate between samples.
        const double dt = i > 0 ? s.seconds - history[std::size_t(i - 1)].seconds : 0;
        migrated[i] = dt > 0 ? double(s.compactionMigrated - history[std::size_t(i - 1)].compactionMigrated) / dt : 0;
        reclaimed[i] = dt > 0 ? double(s.reclaimed - history[std::size_t(i - 1)].reclaimed) / dt : 0;
    }
    const QVector<double>* series[][4]
        = {{&tainted, &empty, &alloc, &allocFree}, {&freeGiB, &hugeGiB, nullptr, nullptr},
            {&score, nullptr, nullptr, nullptr}, {&migrated, &reclaimed, nullptr, nullptr}};
    for (std::size_t p = 0; p < m_plots.size(); ++p) {
        for (int g = 0; g < m_plots[p]->graphCount(); ++g)
            m_plots[p]->graph(g)->setData(t, *series[p][g], true);
        // Every series is a count or a rate: start at 0, leave headroom, never a zero-height range.
        if (m_range.first < m_range.second)
            m_plots[p]->xAxis->setRange(m_range.first, m_range.second);
        else
            m_plots[p]->xAxis->rescale();
        bool found = false;
        double top = 0;
        for (int g = 0; g < m_plots[p]->graphCount(); ++g)
            top = std::max(top, m_plots[p]->graph(g)->getValueRange(found).upper);
        m_plots[p]->yAxis->setRange(0, std::max(top * 1.1, 1.0));
        m_plots[p]->replot(QCustomPlot::rpQueuedReplot);
    }
}

void TimelineView::showBrush(double from, double to)
{
    for (std::size_t p = 0; p < m_plots.size(); ++p) {
        auto* brush = m_brushes[p];
        brush->setVisible(from < to);
        brush->topLeft->setCoords(from, 0);
        brush->bottomRight->setCoords(to, 1);
        m_plots[p]->replot(QCustomPlot::rpQueuedReplot);
    }
}

void TimelineView::updateBrush()
{
    const auto [from, to] = m_state->timeRange();
    showBrush(from, to);
    m_brushLabel->setText(m_state->hasTimeRange()
            ? tr("Brushed %1–%2 s: the event list and the map follow this range. Esc or \"Whole run\" clears it.")
                  .arg(from, 0, 'f', 2)
                  .arg(to, 0, 'f', 2)
            : tr("Shift+drag across a plot to brush a time range; the event list and the map follow it."));
}

std::pair<double, double> TimelineView::brushShown() const
{
    const auto* brush = m_brushes.front();
    if (!brush->visible())
        return {0, 0};
    return {brush->topLeft->coords().x(), brush->bottomRight->coords().x()};
}

QPoint TimelineView::pixelAt(int plot, double seconds) const
{
    QCustomPlot* p = m_plots[std::size_t(plot)];
    p->replot();
    return {int(p->xAxis->coordToPixel(seconds)), p->axisRect()->rect().center().y()};
}

void TimelineView::renderVector(QPaintDevice* device, QSize size) const
{
    QCPPainter painter(device);
    painter.setMode(QCPPainter::pmVectorized);
    painter.setMode(QCPPainter::pmNoCaching);
    painter.fillRect(QRect(QPoint(0, 0), size), palette().color(QPalette::Base));
    const int label = m_brushLabel->sizeHint().height();
    painter.setPen(palette().color(QPalette::Text));
    painter.drawText(QRect(6, 0, size.width() - 12, label), Qt::AlignVCenter, m_brushLabel->text());
    const int height = (size.height() - label) / std::max<int>(1, int(m_plots.size()));
    for (std::size_t p = 0; p < m_plots.size(); ++p) {
        painter.save();
        painter.translate(0, label + int(p) * height);
        m_plots[p]->toPainter(&painter, size.width(), height);
        painter.restore();
    }
}

QWidget* TimelineView::plotWidget(int plot) const
{
    return m_plots[std::size_t(plot)];
}

bool TimelineView::eventFilter(QObject* watched, QEvent* event)
{
    auto* plot = qobject_cast<QCustomPlot*>(watched);
    if (!plot)
        return QWidget::eventFilter(watched, event);
    const auto type = event->type();
    if (type != QEvent::MouseButtonPress && type != QEvent::MouseMove && type != QEvent::MouseButtonRelease)
        return false;
    auto* mouse = static_cast<QMouseEvent*>(event);
    const double at = plot->xAxis->pixelToCoord(mouse->position().x());
    if (type == QEvent::MouseButtonPress) {
        if (mouse->button() != Qt::LeftButton || !(mouse->modifiers() & Qt::ShiftModifier))
            return false;
        m_brushingIn = plot;
        m_brushStart = at;
        showBrush(at, at);
        return true;
    }
    if (m_brushingIn != plot)
        return false;
    const double from = std::min(m_brushStart, at);
    const double to = std::max(m_brushStart, at);
    if (type == QEvent::MouseMove) {
        showBrush(from, to);
        return true;
    }
    m_brushingIn = nullptr;
    // A Shift+click without a drag is no range: it clears the brush.
    const double pixels = std::abs(plot->xAxis->coordToPixel(to) - plot->xAxis->coordToPixel(from));
    if (pixels < 3)
        m_state->clearTimeRange();
    else
        m_state->setTimeRange(std::max(0.0, from), to);
    updateBrush();
    return true;
}

void TimelineView::setTimeRange(double from, double to)
{
    m_range = {from, to};
    m_shown = 0; // redraw even without new samples
    refresh();
}

} // namespace gbw

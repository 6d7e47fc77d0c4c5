// SPDX-License-Identifier: GPL-3.0-or-later
#include "sweepview.h"

#include <cmath>
#include <map>
#include <set>

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QPushButton>
#include <QToolTip>
#include <QVBoxLayout>

#include "colors.h"
#include "qcustomplotwrapper.h"

namespace gbw {

namespace {

constexpr int kHitPixels = 8; // how near the pointer must be to a point to hover or pick it
constexpr double kPointSize = 9;
constexpr double kFrontRingSize = 17;
constexpr double kSelectionRingSize = 24;

QString text(const std::string& s)
{
    return QString::fromStdString(s);
}

QString axisTitle(const Objective& o)
{
    return text(o.metric) + (o.maximize ? QObject::tr(" (more is better)") : QObject::tr(" (less is better)"));
}

// The sequential colour scale of the cells (colors::sequential) as a QCustomPlot gradient.
QCPColorGradient sequentialGradient()
{
    QCPColorGradient gradient;
    gradient.clearColorStops();
    constexpr int stops = 8;
    for (int i = 0; i <= stops; ++i)
        gradient.setColorStopAt(double(i) / stops, QColor::fromRgb(colors::sequential(double(i) / stops)));
    return gradient;
}

// A little room around the points; a single value gets a range around it.
void pad(QCPAxis* axis)
{
    const QCPRange range = axis->range();
    const double span = range.size();
    if (span <= 0) {
        const double half = std::max(1.0, std::abs(range.center()) * 0.1);
        axis->setRange(range.center() - half, range.center() + half);
        return;
    }
    axis->setRange(range.lower - span * 0.06, range.upper + span * 0.06);
}

} // namespace

SweepView::SweepView(QWidget* parent)
    : QWidget(parent)
    , m_sweepBox(new QComboBox(this))
    , m_workloadBox(new QComboBox(this))
    , m_workloadLabel(new QLabel(tr("Workload"), this))
    , m_xBox(new QComboBox(this))
    , m_yBox(new QComboBox(this))
    , m_colourBox(new QComboBox(this))
    , m_customPlot(new QCustomPlot(this))
    , m_colourScale(new QCPColorScale(m_customPlot))
    , m_summary(new QLabel(this))
    , m_selection(new QLabel(this))
    , m_open(new QPushButton(tr("Open (re-simulate)"), this))
    , m_rerun(new QPushButton(tr("Re-run live"), this))
{
    setObjectName(QStringLiteral("sweep"));
    m_sweepBox->setObjectName(QStringLiteral("sweepChoice"));
    m_sweepBox->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_sweepBox->setMinimumContentsLength(30);
    auto* layout = new QVBoxLayout(this);
    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Sweep"), this));
    top->addWidget(m_sweepBox, 1);
    top->addWidget(m_workloadLabel);
    top->addWidget(m_workloadBox);
    layout->addLayout(top);
    auto* axes = new QHBoxLayout;
    axes->addWidget(new QLabel(tr("X"), this));
    axes->addWidget(m_xBox, 1);
    axes->addWidget(new QLabel(tr("Y"), this));
    axes->addWidget(m_yBox, 1);
    axes->addWidget(new QLabel(tr("Colour by"), this));
    axes->addWidget(m_colourBox, 1);
    layout->addLayout(axes);
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);

    m_customPlot->setMinimumSize(320, 240);
    m_customPlot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_customPlot->setMouseTracking(true);
    m_customPlot->installEventFilter(this);
    m_colourScale->setType(QCPAxis::atRight);
    m_colourScale->setGradient(sequentialGradient());
    m_colourScale->setBarWidth(12);
    m_customPlot->plotLayout()->addElement(0, 1, m_colourScale);
    // The scale's height follows the plot's axis rect.
    auto* margins = new QCPMarginGroup(m_customPlot);
    m_customPlot->axisRect()->setMarginGroup(QCP::msBottom | QCP::msTop, margins);
    m_colourScale->setMarginGroup(QCP::msBottom | QCP::msTop, margins);
    layout->addWidget(m_customPlot, 1);

    auto* bottom = new QHBoxLayout;
    m_selection->setWordWrap(true);
    m_selection->setTextInteractionFlags(Qt::TextSelectableByMouse);
    bottom->addWidget(m_selection, 1);
    m_open->setToolTip(tr("Sweeps store outcomes, not event recordings: this runs the engine again with the run's "
                          "seed, host, policy, workload and knobs, as fast as it goes, and pauses at its end. The "
                          "same configuration gives the same result, bit for bit."));
    m_rerun->setToolTip(tr("Run it again at the window's speed, the knobs set to the run's (edit them in Knobs)"));
    bottom->addWidget(m_open);
    bottom->addWidget(m_rerun);
    layout->addLayout(bottom);

    connect(m_sweepBox, &QComboBox::currentIndexChanged, this, [this](int i) {
        if (!m_filling)
            showSweep(i);
    });
    for (auto* box : {m_workloadBox, m_xBox, m_yBox, m_colourBox}) {
        connect(box, &QComboBox::currentIndexChanged, this, [this] {
            if (!m_filling)
                replot();
        });
    }
    connect(m_open, &QPushButton::clicked, this, [this] {
        if (m_selected)
            emit openRunRequested(m_scatter.runs()[*m_selected].spec);
    });
    connect(m_rerun, &QPushButton::clicked, this, [this] {
        if (m_selected)
            emit rerunLiveRequested(m_scatter.runs()[*m_selected].spec);
    });
    applyPalette();
    updateSelectionText();
}

SweepView::~SweepView() = default;

void SweepView::setSweeps(std::vector<SweepRuns> sweeps, const QString& source)
{
    m_sweeps = std::move(sweeps);
    m_source = source;
    m_filling = true;
    m_sweepBox->clear();
    for (const auto& s : m_sweeps)
        m_sweepBox->addItem(text(s.title));
    m_sweepBox->setToolTip(source);
    m_filling = false;
    showSweep(m_sweeps.empty() ? -1 : 0);
}

void SweepView::showSweep(int index)
{
    m_selected.reset();
    m_scatter = index < 0 ? SweepScatter()
                          : SweepScatter(m_sweeps[std::size_t(index)].runs, m_sweeps[std::size_t(index)].objectives);
    m_filling = true;
    m_workloadBox->clear();
    for (const auto& w : m_scatter.workloads())
        m_workloadBox->addItem(text(w));
    // A front is only meaningful within one workload; with one there is nothing to choose.
    m_workloadBox->setVisible(m_workloadBox->count() > 1);
    m_workloadLabel->setVisible(m_workloadBox->count() > 1);
    fillAxes();
    m_filling = false;
    replot();
}

void SweepView::fillAxes()
{
    const auto axes = m_scatter.axes();
    m_xBox->clear();
    m_yBox->clear();
    for (const auto& o : axes) {
        m_xBox->addItem(axisTitle(o));
        m_yBox->addItem(axisTitle(o));
    }
    // The first objective across, and against it the last objective that pulls the other way (the
    // reviewers' trade-off: 1 GB pages against compaction cost), else the second.
    const std::size_t objectives = m_scatter.objectives().size();
    int y = axes.size() > 1 ? 1 : 0;
    for (std::size_t i = 1; i < objectives && i < axes.size(); ++i) {
        if (axes[i].maximize != axes[0].maximize)
            y = int(i);
    }
    m_xBox->setCurrentIndex(axes.empty() ? -1 : 0);
    m_yBox->setCurrentIndex(axes.empty() ? -1 : y);
    m_colourBox->clear();
    m_colourBox->addItem(tr("nothing"));
    for (const auto& k : m_scatter.knobs())
        m_colourBox->addItem(text(k));
    m_colourBox->setCurrentIndex(m_colourBox->count() > 1 ? 1 : 0);
}

std::vector<Objective> SweepView::shownAxes() const
{
    const auto axes = m_scatter.axes();
    std::vector<Objective> shown;
    for (auto* box : {m_xBox, m_yBox}) {
        if (box->currentIndex() >= 0 && std::size_t(box->currentIndex()) < axes.size())
            shown.push_back(axes[std::size_t(box->currentIndex())]);
    }
    return shown;
}

QColor SweepView::colourOf(const ScatterPoint& point) const
{
    if (!point.colour || !m_plot.colourMin)
        return QColor(0x9e, 0x9e, 0x9e);
    const double span = *m_plot.colourMax - *m_plot.colourMin;
    const double t = span > 0 ? (*point.colour - *m_plot.colourMin) / span : 0.5;
    return QColor::fromRgb(colors::sequential(t));
}

void SweepView::replot()
{
    m_customPlot->clearGraphs();
    m_frontLine = nullptr;
    m_selectionGraph = nullptr;
    const auto shown = shownAxes();
    if (shown.size() != 2) {
        m_plot = {};
        m_summary->setText(
            m_sweeps.empty() ? tr("No sweep open: File → Open Sweep…") : tr("No successful runs to plot."));
        updateColourScale();
        updateSelectionText();
        m_customPlot->replot();
        return;
    }
    const std::string knob = m_colourBox->currentIndex() > 0 ? m_colourBox->currentText().toStdString() : std::string();
    const std::string workload
        = m_workloadBox->count() > 1 ? m_workloadBox->currentText().toStdString() : std::string();
    m_plot = m_scatter.plot(shown[0], shown[1], knob, workload);
    if (m_selected && std::none_of(m_plot.points.begin(), m_plot.points.end(), [this](const ScatterPoint& p) {
            return p.run == *m_selected;
        }))
        m_selected.reset();
    drawFrontLine();
    drawPoints();
    drawFrontRings();
    drawSelection();
    m_customPlot->xAxis->setLabel(axisTitle(shown[0]));
    m_customPlot->yAxis->setLabel(axisTitle(shown[1]));
    m_customPlot->rescaleAxes();
    pad(m_customPlot->xAxis);
    pad(m_customPlot->yAxis);
    useWholeTicksForCounts();
    updateColourScale();
    QString summary = m_plot.points.size() == 1 ? tr("1 run plotted") : tr("%1 runs plotted").arg(m_plot.points.size());
    if (const std::size_t positions = m_plot.distinctPositions(); positions < m_plot.points.size())
        summary += tr(" at %1 distinct positions (runs with equal values lie on top of each other)").arg(positions);
    std::set<std::pair<double, double>> frontPositions;
    for (auto f : m_plot.front)
        frontPositions.emplace(m_plot.points[f].x, m_plot.points[f].y);
    summary += tr("; the Pareto front of these two objectives (ringed, joined by the line) has %1 runs")
                   .arg(m_plot.front.size());
    if (frontPositions.size() < m_plot.front.size())
        summary += tr(" at %1 positions").arg(frontPositions.size());
    summary += QLatin1Char('.');
    if (m_plot.notPlotted > 0)
        summary += tr(" %1 not plotted (failed, or without these metrics).").arg(m_plot.notPlotted);
    summary += tr(" Hover for a run's configuration, click to select it.");
    m_summary->setText(summary);
    updateSelectionText();
    m_customPlot->replot();
}

void SweepView::useWholeTicksForCounts()
{
    // A count (1 GB pages, failures) reads wrong with ticks at 1.2 and 1.4.
    const auto whole = [](double v) { return v == std::floor(v); };
    bool wholeX = true, wholeY = true;
    for (const auto& p : m_plot.points) {
        wholeX = wholeX && whole(p.x);
        wholeY = wholeY && whole(p.y);
    }
    for (auto [axis, integral] : {std::pair {m_customPlot->xAxis, wholeX}, std::pair {m_customPlot->yAxis, wholeY}}) {
        QSharedPointer<QCPAxisTicker> ticker(new QCPAxisTicker);
        if (integral && axis->range().size() < 12) {
            auto* fixed = new QCPAxisTickerFixed;
            fixed->setTickStep(1);
            fixed->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
            ticker.reset(fixed);
        }
        axis->setTicker(ticker);
    }
}

void SweepView::drawPoints()
{
    // QCustomPlot colours a graph, not a point: one graph per colour the knob takes.
    std::map<QRgb, std::pair<QVector<double>, QVector<double>>> byColour;
    for (const auto& p : m_plot.points) {
        auto& [xs, ys] = byColour[colourOf(p).rgb()];
        xs << p.x;
        ys << p.y;
    }
    for (const auto& [rgb, values] : byColour) {
        auto* graph = m_customPlot->addGraph();
        graph->setLineStyle(QCPGraph::lsNone);
        const QColor colour = QColor::fromRgb(rgb);
        graph->setScatterStyle(
            QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(colour.darker(160), 1), QBrush(colour), kPointSize));
        graph->setData(values.first, values.second);
    }
}

void SweepView::drawFrontLine()
{
    QVector<double> xs, ys;
    for (auto f : m_plot.front) {
        xs << m_plot.points[f].x;
        ys << m_plot.points[f].y;
    }
    const QColor ink = palette().color(QPalette::Text);
    // Added first, so it is drawn under the points: graphs draw in the order they were added.
    m_frontLine = m_customPlot->addGraph();
    m_frontLine->setPen(QPen(ink, 1.5));
    m_frontLine->setData(xs, ys, true);
}

void SweepView::drawFrontRings()
{
    // Over the points, hollow, so a front point keeps its colour.
    QVector<double> xs, ys;
    for (auto f : m_plot.front) {
        xs << m_plot.points[f].x;
        ys << m_plot.points[f].y;
    }
    auto* rings = m_customPlot->addGraph();
    rings->setLineStyle(QCPGraph::lsNone);
    rings->setScatterStyle(QCPScatterStyle(
        QCPScatterStyle::ssCircle, QPen(palette().color(QPalette::Text), 2), Qt::NoBrush, kFrontRingSize));
    rings->setData(xs, ys, true);
}

void SweepView::drawSelection()
{
    m_selectionGraph = m_customPlot->addGraph();
    m_selectionGraph->setLineStyle(QCPGraph::lsNone);
    m_selectionGraph->setScatterStyle(
        QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(QColor(0xd3, 0x2f, 0x2f), 3), Qt::NoBrush, kSelectionRingSize));
    for (const auto& p : m_plot.points) {
        if (m_selected && p.run == *m_selected)
            m_selectionGraph->addData(p.x, p.y);
    }
}

void SweepView::updateColourScale()
{
    auto* grid = m_customPlot->plotLayout();
    const bool wanted = m_plot.colourMin.has_value();
    const bool placed = grid->hasElement(0, 1) && grid->element(0, 1) == m_colourScale;
    if (wanted && !placed)
        grid->addElement(0, 1, m_colourScale);
    if (!wanted && placed) {
        grid->take(m_colourScale);
        grid->simplify();
    }
    m_colourScale->setVisible(wanted);
    if (!wanted)
        return;
    double low = *m_plot.colourMin, high = *m_plot.colourMax;
    if (high <= low) {
        low -= 0.5;
        high += 0.5;
    }
    m_colourScale->setDataRange(QCPRange(low, high));
    m_colourScale->axis()->setLabel(m_colourBox->currentText());
}

void SweepView::selectRun(std::optional<std::size_t> run)
{
    m_selected = run;
    if (m_selectionGraph) {
        m_selectionGraph->data()->clear();
        for (const auto& p : m_plot.points) {
            if (run && p.run == *run)
                m_selectionGraph->addData(p.x, p.y);
        }
        m_customPlot->replot(QCustomPlot::rpQueuedReplot);
    }
    updateSelectionText();
}

void SweepView::updateSelectionText()
{
    const bool chosen = m_selected.has_value();
    m_open->setEnabled(chosen);
    m_rerun->setEnabled(chosen);
    if (!chosen) {
        m_selection->setText(tr("No run selected: click a point."));
        return;
    }
    const auto& spec = m_scatter.runs()[*m_selected].spec;
    m_selection->setText(tr("Selected: run %1, %2").arg(spec.index).arg(text(spec.label())));
}

QWidget* SweepView::plotWidget() const
{
    return m_customPlot;
}

void SweepView::replotNow()
{
    m_customPlot->replot();
}

int SweepView::frontLinePoints() const
{
    return m_frontLine ? m_frontLine->dataCount() : 0;
}

std::optional<std::pair<double, double>> SweepView::colourScaleRange() const
{
    if (!m_colourScale->visible() || !m_colourScale->layout())
        return std::nullopt;
    return std::pair {m_colourScale->dataRange().lower, m_colourScale->dataRange().upper};
}

QPoint SweepView::pixelOf(std::size_t point) const
{
    const auto& p = m_plot.points.at(point);
    return QPoint(int(std::lround(m_customPlot->xAxis->coordToPixel(p.x))),
        int(std::lround(m_customPlot->yAxis->coordToPixel(p.y))));
}

int SweepView::pointAt(const QPoint& pixel) const
{
    int best = -1;
    int bestDistance = kHitPixels * kHitPixels + 1;
    for (std::size_t i = 0; i < m_plot.points.size(); ++i) {
        const QPoint d = pixelOf(i) - pixel;
        const int distance = d.x() * d.x() + d.y() * d.y();
        if (distance < bestDistance) {
            best = int(i);
            bestDistance = distance;
        }
    }
    return best;
}

QString SweepView::toolTipAt(const QPoint& pixel) const
{
    const int point = pointAt(pixel);
    if (point < 0)
        return {};
    const auto& p = m_plot.points[std::size_t(point)];
    QString tip = text(m_scatter.describe(p.run, shownAxes()));
    if (p.onFront)
        tip += tr("\non the Pareto front of these two objectives");
    if (const auto others = m_plot.samePosition(std::size_t(point)); !others.empty()) {
        QStringList runs;
        for (auto o : others)
            runs << QString::number(m_scatter.runs()[m_plot.points[o].run].spec.index);
        tip += tr("\nat the same point: run %1").arg(runs.join(QStringLiteral(", ")));
    }
    return tip;
}

bool SweepView::eventFilter(QObject* watched, QEvent* event)
{
    if (watched != m_customPlot)
        return QWidget::eventFilter(watched, event);
    if (event->type() == QEvent::MouseMove) {
        const auto* mouse = static_cast<QMouseEvent*>(event);
        const QString tip = toolTipAt(mouse->position().toPoint());
        if (tip.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(mouse->globalPosition().toPoint(), tip, m_customPlot);
    } else if (event->type() == QEvent::MouseButtonPress || event->type() == QEvent::MouseButtonDblClick) {
        const auto* mouse = static_cast<QMouseEvent*>(event);
        const int point = mouse->button() == Qt::LeftButton ? pointAt(mouse->position().toPoint()) : -1;
        if (point >= 0) {
            selectRun(m_plot.points[std::size_t(point)].run);
            if (event->type() == QEvent::MouseButtonDblClick)
                m_open->click();
        }
    }
    return QWidget::eventFilter(watched, event);
}

void SweepView::applyPalette()
{
    const QColor background = palette().color(QPalette::Base);
    const QColor ink = palette().color(QPalette::Text);
    const QColor grid = colors::isDark(palette()) ? QColor(0x50, 0x50, 0x50) : QColor(0xdc, 0xdc, 0xdc);
    m_customPlot->setBackground(background);
    for (QCPAxis* axis : {m_customPlot->xAxis, m_customPlot->yAxis, m_colourScale->axis()}) {
        axis->setBasePen(QPen(ink));
        axis->setTickPen(QPen(ink));
        axis->setSubTickPen(QPen(ink));
        axis->setTickLabelColor(ink);
        axis->setLabelColor(ink);
        axis->grid()->setPen(QPen(grid, 1, Qt::DotLine));
    }
    if (!m_sweeps.empty())
        replot();
}

void SweepView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::PaletteChange)
        applyPalette();
    QWidget::changeEvent(event);
}

} // namespace gbw

// SPDX-License-Identifier: GPL-3.0-or-later
#include "replayscrubber.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QSignalBlocker>
#include <QSlider>

#include "simulationstate.h"

namespace gbw {

ReplayScrubber::ReplayScrubber(SimulationState* state, QWidget* parent)
    : QWidget(parent)
    , m_state(state)
    , m_slider(new QSlider(Qt::Horizontal, this))
    , m_position(new QLabel(this))
{
    setObjectName(QStringLiteral("scrubber"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 0, 6, 0);
    layout->addWidget(new QLabel(tr("Recording:"), this));
    layout->addWidget(m_slider, 1);
    layout->addWidget(m_position);
    m_slider->setToolTip(tr("Drag to any point of the recording; Left/Right step one sample interval, "
                            "Ctrl+Left/Ctrl+Right one event"));
    // Every move while dragging asks for a seek; the replay does only the newest.
    connect(m_slider, &QSlider::valueChanged, this, [this](int ms) { emit seekRequested(double(ms) / 1000.0); });
    connect(state, &SimulationState::snapshotChanged, this, &ReplayScrubber::refresh);
    refresh();
}

QString ReplayScrubber::positionText() const
{
    const auto& s = m_state->snapshot();
    if (!s || s->source.kind != SourceKind::Replay)
        return {};
    const QLocale locale;
    return tr("%1 s of %2 s — event %3 of %4%5")
        .arg(s->seconds, 0, 'f', 3)
        .arg(s->source.endSeconds, 0, 'f', 3)
        .arg(locale.toString(qulonglong(s->source.position)), locale.toString(qulonglong(s->source.eventCount)))
        .arg(s->source.contradictions
                ? tr(" (%1 contradicting events skipped)").arg(locale.toString(qulonglong(s->source.contradictions)))
                : QString());
}

void ReplayScrubber::refresh()
{
    const auto& s = m_state->snapshot();
    // The window shows the scrubber for recordings only (it hides the tool bar holding it).
    if (!s || s->source.kind != SourceKind::Replay)
        return;
    m_position->setText(positionText());
    if (m_slider->isSliderDown())
        return;
    const QSignalBlocker blocker(m_slider);
    m_slider->setRange(int(s->source.startSeconds * 1000), int(s->source.endSeconds * 1000));
    m_slider->setSingleStep(100);
    m_slider->setPageStep(std::max(1, m_slider->maximum() / 20));
    m_slider->setValue(int(s->seconds * 1000));
}

} // namespace gbw

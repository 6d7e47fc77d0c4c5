// SPDX-License-Identifier: GPL-3.0-or-later
#include "pfnfinder.h"

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace gbw {

PfnFinder::PfnFinder(QWidget* parent)
    : QWidget(parent)
    , m_input(new QLineEdit)
    , m_result(new QLabel)
{
    setObjectName(QStringLiteral("pfn"));
    m_input->setPlaceholderText(tr("pfn, decimal or 0x hex, e.g. 0x100000"));
    m_input->setClearButtonEnabled(true);
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* go = new QPushButton(tr("Find"));
    auto* row = new QHBoxLayout;
    row->addWidget(m_input, 1);
    row->addWidget(go);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(row);
    layout->addWidget(m_result);
    layout->addStretch(1);
    connect(m_input, &QLineEdit::returnPressed, this, &PfnFinder::find);
    connect(go, &QPushButton::clicked, this, &PfnFinder::find);
}

QString PfnFinder::resultText() const
{
    return m_result->text();
}

void PfnFinder::find()
{
    const auto pfn = parsePfn(m_input->text().toStdString());
    if (!pfn) {
        showError(tr("'%1' is not a pfn: give a decimal number or 0x followed by hex digits").arg(m_input->text()));
        return;
    }
    m_result->setText(tr("Looking…"));
    emit locateRequested(*pfn);
}

void PfnFinder::showLocation(const PfnLocation& location)
{
    m_result->setText(QString::fromStdString(location.describe()));
}

void PfnFinder::showError(const QString& text)
{
    m_result->setText(text);
}

} // namespace gbw

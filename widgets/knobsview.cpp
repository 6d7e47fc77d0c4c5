// SPDX-License-Identifier: GPL-3.0-or-later
#include "knobsview.h"

#include <QDoubleSpinBox>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QMessageBox>
#include <QPushButton>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QVBoxLayout>

#include "knobmodel.h"
#include "simulationstate.h"

namespace gbw {

namespace {

// A spin box limited to the knob's own range and step (integers or not).
class KnobDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem&, const QModelIndex& index) const override
    {
        auto* editor = new QDoubleSpinBox(parent);
        const bool integer = index.data(KnobModel::IntegerRole).toBool();
        editor->setDecimals(integer ? 0 : 3);
        editor->setRange(index.data(KnobModel::MinimumRole).toDouble(), index.data(KnobModel::MaximumRole).toDouble());
        return editor;
    }
    void setEditorData(QWidget* editor, const QModelIndex& index) const override
    {
        static_cast<QDoubleSpinBox*>(editor)->setValue(index.data(Qt::EditRole).toDouble());
    }
    void setModelData(QWidget* editor, QAbstractItemModel* model, const QModelIndex& index) const override
    {
        auto* spin = static_cast<QDoubleSpinBox*>(editor);
        spin->interpretText();
        model->setData(index, spin->value());
    }
};

} // namespace

KnobsView::KnobsView(SimulationState* state, QWidget* parent)
    : QWidget(parent)
    , m_state(state)
    , m_model(new KnobModel(this))
    , m_table(new QTableView(this))
{
    setObjectName(QStringLiteral("knobs"));
    m_table->setModel(m_model);
    m_table->setItemDelegateForColumn(KnobModel::ValueColumn, new KnobDelegate(m_table));
    m_table->setEditTriggers(
        QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed | QAbstractItemView::AnyKeyPressed);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setWordWrap(false);

    auto* reset = new QPushButton(tr("Reset to defaults"), this);
    auto* exportButton = new QPushButton(tr("Export as sysctl.conf…"), this);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(reset);
    buttons->addWidget(exportButton);
    buttons->addStretch();
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table);
    layout->addLayout(buttons);

    connect(m_model, &KnobModel::knobEditRequested, this, &KnobsView::knobEditRequested);
    connect(reset, &QPushButton::clicked, this, &KnobsView::resetRequested);
    connect(exportButton, &QPushButton::clicked, this, &KnobsView::exportSysctl);
    connect(state, &SimulationState::snapshotChanged, this, [this] {
        if (const auto& s = m_state->snapshot()) {
            const bool first = m_model->rowCount() == 0;
            m_model->setKnobs(s->knobs);
            if (first)
                m_table->resizeColumnsToContents();
        }
    });
}

QString KnobsView::sysctlConf() const
{
    KnobSet set;
    for (const Knob& knob : m_model->knobs())
        set.set(knob.name, knob.value);
    return QString::fromStdString(set.sysctlConf());
}

void KnobsView::exportSysctl()
{
    const QString file = QFileDialog::getSaveFileName(this, tr("Export knobs"), QStringLiteral("99-gigablock.conf"),
        tr("sysctl configuration (*.conf);;All files (*)"));
    if (file.isEmpty())
        return;
    QFile out(file);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Text) || out.write(sysctlConf().toUtf8()) < 0)
        QMessageBox::warning(this, tr("Export knobs"), tr("Cannot write %1: %2").arg(file, out.errorString()));
}

} // namespace gbw

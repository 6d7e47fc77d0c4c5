// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <vector>

#include <QAbstractTableModel>

#include "sim/knobs.h"

namespace gbw {

// Every knob of the running engine. The value column is editable: an edit
// does not change the model, it asks (knobEditRequested) for the engine to
// change, and the model shows the value once the engine's next snapshot has
// it, so the table never shows a value the engine did not take.
class KnobModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Columns
    {
        NameColumn,
        ValueColumn,
        DefaultColumn,
        RangeColumn,
        MeaningColumn,
        NUM_COLUMNS
    };
    enum Roles
    {
        MinimumRole = Qt::UserRole,
        MaximumRole,
        IntegerRole,
    };

    explicit KnobModel(QObject* parent = nullptr);

    void setKnobs(const std::vector<Knob>& knobs);
    const std::vector<Knob>& knobs() const
    {
        return m_knobs;
    }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

signals:
    void knobEditRequested(const QString& name, double value);

private:
    std::vector<Knob> m_knobs;
};

} // namespace gbw

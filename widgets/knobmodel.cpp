// SPDX-License-Identifier: GPL-3.0-or-later
#include "knobmodel.h"

#include <QFont>

namespace gbw {

namespace {

QString number(double value, bool integer)
{
    return integer ? QString::number(qlonglong(value)) : QString::number(value, 'g', 6);
}

QString text(const std::string& s)
{
    return QString::fromStdString(s);
}

} // namespace

KnobModel::KnobModel(QObject* parent)
    : QAbstractTableModel(parent)
{}

void KnobModel::setKnobs(const std::vector<Knob>& knobs)
{
    const bool sameRows = knobs.size() == m_knobs.size()
        && std::equal(
            knobs.begin(), knobs.end(), m_knobs.begin(), [](const Knob& a, const Knob& b) { return a.name == b.name; });
    if (!sameRows) {
        beginResetModel();
        m_knobs = knobs;
        endResetModel();
        return;
    }
    for (std::size_t row = 0; row < knobs.size(); ++row) {
        if (knobs[row].value != m_knobs[row].value) {
            m_knobs[row] = knobs[row];
            emit dataChanged(index(int(row), ValueColumn), index(int(row), ValueColumn));
        }
    }
}

int KnobModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_knobs.size());
}

int KnobModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : NUM_COLUMNS;
}

QVariant KnobModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Knob& knob = m_knobs[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        switch (Columns(index.column())) {
        case NameColumn:
            return text(knob.name);
        case ValueColumn:
            return number(knob.value, knob.integer);
        case DefaultColumn:
            return number(knob.defaultValue, knob.integer);
        case RangeColumn:
            return QStringLiteral("%1 … %2").arg(number(knob.min, knob.integer), number(knob.max, knob.integer));
        case MeaningColumn:
            return text(knob.meaning);
        case NUM_COLUMNS:
            break;
        }
        break;
    case Qt::EditRole:
        if (index.column() == ValueColumn)
            return knob.value;
        break;
    case Qt::ToolTipRole:
        return text(knob.meaning);
    case Qt::FontRole:
        if (knob.value != knob.defaultValue && index.column() == ValueColumn) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        break;
    case MinimumRole:
        return knob.min;
    case MaximumRole:
        return knob.max;
    case IntegerRole:
        return knob.integer;
    default:
        break;
    }
    return {};
}

QVariant KnobModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Columns(section)) {
    case NameColumn:
        return tr("Knob");
    case ValueColumn:
        return tr("Value");
    case DefaultColumn:
        return tr("Default");
    case RangeColumn:
        return tr("Range");
    case MeaningColumn:
        return tr("Meaning");
    case NUM_COLUMNS:
        break;
    }
    return {};
}

Qt::ItemFlags KnobModel::flags(const QModelIndex& index) const
{
    auto f = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == ValueColumn)
        f |= Qt::ItemIsEditable;
    return f;
}

bool KnobModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (role != Qt::EditRole || !checkIndex(index, CheckIndexOption::IndexIsValid) || index.column() != ValueColumn)
        return false;
    bool ok = false;
    const double v = value.toDouble(&ok);
    if (!ok)
        return false;
    emit knobEditRequested(text(m_knobs[std::size_t(index.row())].name), v);
    return true;
}

} // namespace gbw

// SPDX-License-Identifier: GPL-3.0-or-later
#include "eventlistmodel.h"

#include "colors.h"

namespace gbw {

namespace {

bool namesGigablock(const RecordedEvent& e)
{
    return e.kind == RecordedKind::GigablockTake || e.kind == RecordedKind::GigablockRelease;
}

} // namespace

void EventListModel::setResult(const EventQueryResultPtr& result)
{
    beginResetModel();
    m_result = result;
    endResetModel();
}

int EventListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() || !m_result ? 0 : int(m_result->events.size());
}

int EventListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : NUM_COLUMNS;
}

QString EventListModel::kindText(const RecordedEvent& e)
{
    return QString::fromLatin1(name(e.kind));
}

QString EventListModel::detailText(const RecordedEvent& e)
{
    switch (e.kind) {
    case RecordedKind::Alloc:
    case RecordedKind::MigrateAlloc:
        return QString::fromLatin1(name(e.tag));
    case RecordedKind::Label:
        return QStringLiteral("pageblock label %1 → %2")
            .arg(colors::label(MigrateType(e.aux % kMigrateTypes)), colors::label(e.mt));
    case RecordedKind::Extfrag:
        return QStringLiteral("fell back to order %1 %2%3")
            .arg(e.aux)
            .arg(colors::label(e.fallbackType))
            .arg(e.changeOwnership ? QStringLiteral(", claimed the pageblock") : QString());
    case RecordedKind::GigablockTake:
        return QStringLiteral("1 GB page allocated");
    case RecordedKind::GigablockRelease:
        return QStringLiteral("1 GB page freed");
    default:
        return {};
    }
}

QVariant EventListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const RecordedEvent& e = event(index.row());
    if (role == SortRole) {
        if (index.column() == PfnColumn)
            return QVariant::fromValue(qulonglong(e.pfn));
        return QVariant::fromValue(qulonglong(e.time));
    }
    if (role == Qt::TextAlignmentRole && index.column() != KindColumn && index.column() != DetailColumn
        && index.column() != MigratetypeColumn)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    const bool frees = e.isFree();
    switch (Column(index.column())) {
    case TimeColumn:
        return QString::number(double(e.time) / 1e9, 'f', 6);
    case KindColumn:
        return kindText(e);
    case PfnColumn:
        // A 1 GB take names its gigablock, not a page.
        return namesGigablock(e) ? QStringLiteral("gigablock %1").arg(e.pfn)
                                 : QStringLiteral("0x") + QString::number(e.pfn, 16);
    case OrderColumn:
        return namesGigablock(e) || e.kind == RecordedKind::Label ? QString() : QString::number(e.order);
    case MigratetypeColumn:
        // A free does not say which type the block had; a recording does not keep it.
        return frees || namesGigablock(e) ? QString() : colors::label(e.mt);
    case DetailColumn:
        return detailText(e);
    case NUM_COLUMNS:
        break;
    }
    return {};
}

QVariant EventListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case TimeColumn:
        return tr("time (s)");
    case KindColumn:
        return tr("event");
    case PfnColumn:
        return tr("pfn");
    case OrderColumn:
        return tr("order");
    case MigratetypeColumn:
        return tr("migratetype");
    case DetailColumn:
        return tr("tag / detail");
    case NUM_COLUMNS:
        break;
    }
    return {};
}

} // namespace gbw

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <atomic>

#include <QObject>
#include <QThread>

#include "simulationstate.h"

namespace gbw {

// Answers event queries of a replay from its SQLite store, on a thread of its own (with its own
// connection), so that neither the UI nor the replay's playback waits for a long range. Only the
// newest question is answered: queries that a newer one overtook while waiting are dropped.
class StoreEventQuery : public QObject
{
    Q_OBJECT
public:
    explicit StoreEventQuery(QObject* parent = nullptr);
    ~StoreEventQuery() override;

    void setStore(const QString& db, qint64 session);
    void query(const EventQuery& query);

signals:
    void answered(const gbw::EventQueryResultPtr& result);

private:
    QThread m_thread;
    QObject* m_context; // lives on m_thread: the queries run in its queued calls
    QString m_db;
    qint64 m_session = 0;
    std::atomic<std::uint64_t> m_latest {0};
};

} // namespace gbw

// SPDX-License-Identifier: GPL-3.0-or-later
#include "storeeventquery.h"

#include "importers/eventrangereader.h"
#include "importers/sqlitestore.h"

namespace gbw {

StoreEventQuery::StoreEventQuery(QObject* parent)
    : QObject(parent)
    , m_context(new QObject)
{
    qRegisterMetaType<EventQueryResultPtr>();
    m_thread.setObjectName(QStringLiteral("gbw-store-query"));
    m_context->moveToThread(&m_thread);
    m_thread.start();
}

StoreEventQuery::~StoreEventQuery()
{
    m_latest = ~std::uint64_t(0); // whatever still waits is stale
    m_thread.quit();
    m_thread.wait();
    delete m_context;
}

void StoreEventQuery::setStore(const QString& db, qint64 session)
{
    m_db = db;
    m_session = session;
}

void StoreEventQuery::query(const EventQuery& query)
{
    m_latest = query.serial;
    QMetaObject::invokeMethod(
        m_context,
        [this, query, db = m_db, session = m_session] {
            if (query.serial < m_latest)
                return;
            auto result = std::make_shared<EventQueryResult>();
            std::string error;
            if (auto store = importers::SqliteStore::openExisting(db.toStdString(), error)) {
                if (auto found = importers::queryRecordedEvents(*store, session, query, &error))
                    *result = std::move(*found);
            }
            result->serial = query.serial;
            if (!error.empty()) {
                result->available = false;
                result->note = db.toStdString() + ": " + error;
            }
            // Queued to the UI thread; dropped there if this object is gone by then.
            emit answered(result);
        },
        Qt::QueuedConnection);
}

} // namespace gbw

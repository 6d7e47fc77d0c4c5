// SPDX-License-Identifier: GPL-3.0-or-later
#include "importjob.h"

#include <QFileInfo>

#include "importers/sqlitestore.h"

namespace gbw {

ImportJob::ImportJob(QObject* parent)
    : QObject(parent)
{}

ImportJob::~ImportJob()
{
    cancel();
    if (m_thread)
        m_thread->wait();
}

bool ImportJob::isRunning() const
{
    return m_thread && m_thread->isRunning();
}

void ImportJob::cancel()
{
    m_cancel = true;
}

void ImportJob::start(const QString& db, const QStringList& files, const QString& host)
{
    if (isRunning())
        return;
    m_cancel = false;
    // Everything below runs on the job's thread; results come back as queued calls.
    m_thread.reset(QThread::create([this, db, files, host] {
        const auto report = [this](bool ok, const QString& text, qint64 session) {
            QMetaObject::invokeMethod(
                this, [this, ok, text, session] { emit finished(ok, text, session); }, Qt::QueuedConnection);
        };
        std::string error;
        auto store = importers::SqliteStore::open(db.toStdString(), error);
        if (!store) {
            report(false, QStringLiteral("%1: %2").arg(db, QString::fromStdString(error)), 0);
            return;
        }
        QStringList lines;
        qint64 lastEvents = 0;
        for (int i = 0; i < files.size(); ++i) {
            importers::ImportRequest request;
            request.host = host.toStdString();
            request.cancel = &m_cancel;
            request.progress = [this, i, n = int(files.size())](std::size_t done, std::size_t total) {
                const int perMille = total ? int(done * 1000 / total) : 0;
                QMetaObject::invokeMethod(
                    this, [this, perMille, i, n] { emit progress(perMille, i, n); }, Qt::QueuedConnection);
            };
            const auto summary = store->importFile(files[i].toStdString(), request);
            const QString name = QFileInfo(files[i]).fileName();
            if (!summary.ok) {
                lines << QStringLiteral("%1: %2; nothing from this file was imported")
                             .arg(name, QString::fromStdString(summary.failure));
                store.reset(); // closed before anyone is told to open it
                report(false, lines.join(QLatin1Char('\n')), lastEvents);
                return;
            }
            if (summary.events > 0)
                lastEvents = summary.sessionId;
            lines << QStringLiteral("%1: session %2, %3 snapshots, %4 events, %5 skipped lines")
                         .arg(name)
                         .arg(summary.sessionId)
                         .arg(summary.snapshots)
                         .arg(summary.events)
                         .arg(summary.skippedLines);
        }
        store.reset();
        report(true, lines.join(QLatin1Char('\n')), lastEvents);
    }));
    m_thread->start();
}

} // namespace gbw

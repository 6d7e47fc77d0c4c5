// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <atomic>
#include <memory>

#include <QObject>
#include <QStringList>
#include <QThread>

namespace gbw {

// Imports files into a store on a thread of its own, as `gigablock import` does (one
// transaction per file, nothing kept from a file that fails), reporting progress to the UI.
class ImportJob : public QObject
{
    Q_OBJECT
public:
    explicit ImportJob(QObject* parent = nullptr);
    ~ImportJob() override;

    void start(const QString& db, const QStringList& files, const QString& host);
    void cancel();
    bool isRunning() const;

signals:
    // Per mille of the current file, and which file of how many.
    void progress(int perMille, int file, int files);
    // Everything is done; `report` says what was imported or why not; the newest session with events.
    void finished(bool ok, const QString& report, qint64 lastEventSession);

private:
    std::unique_ptr<QThread> m_thread;
    std::atomic<bool> m_cancel {false};
};

} // namespace gbw

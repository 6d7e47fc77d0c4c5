// SPDX-License-Identifier: GPL-3.0-or-later
#include "startpage.h"

#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QThread>
#include <QVBoxLayout>

#include "importers/sqlitestore.h"
#include "importjob.h"
#include "policy/policy.h"
#include "sim/workloadfile.h"

namespace gbw {

namespace {

// A line edit with a "Browse…" button that fills it.
QWidget* withBrowse(QLineEdit* edit, QWidget* parent, const std::function<QString()>& browse)
{
    auto* row = new QWidget(parent);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(edit, 1);
    auto* button = new QPushButton(QObject::tr("Browse…"), row);
    QObject::connect(button, &QPushButton::clicked, edit, [edit, browse] {
        const QString path = browse();
        if (!path.isEmpty())
            edit->setText(path);
    });
    layout->addWidget(button);
    return row;
}

} // namespace

StartPage::StartPage(QWidget* parent)
    : QDialog(parent)
    , m_tabs(new QTabWidget(this))
    , m_job(new ImportJob(this))
{
    setObjectName(QStringLiteral("startPage"));
    setWindowTitle(tr("Gigablock Workbench — start"));
    m_tabs->addTab(simulatePage(), tr("Simulate"));
    m_tabs->addTab(replayPage(), tr("Open a database"));
    m_tabs->addTab(importPage(), tr("Import files"));
    m_tabs->addTab(attachPage(), tr("Attach to an agent"));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Start"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs);
    layout->addWidget(buttons);
    resize(640, 420);
}

QWidget* StartPage::simulatePage()
{
    auto* page = new QWidget(this);
    auto* form = new QFormLayout(page);
    m_host = new QComboBox(page);
    m_host->setEditable(true);
    m_host->addItems({QStringLiteral("16G"), QStringLiteral("64G"), QStringLiteral("256G"), QStringLiteral("1T"),
        QStringLiteral("4T"), QStringLiteral("16T")});
    m_host->setCurrentText(QStringLiteral("64G"));
    m_policy = new QComboBox(page);
    for (auto name : policyNames())
        m_policy->addItem(QString::fromUtf8(name.data(), qsizetype(name.size())));
    m_workload = new QComboBox(page);
    for (const auto& name : WorkloadFile::presetNames())
        m_workload->addItem(QString::fromStdString(name));
    m_workload->setCurrentText(QStringLiteral("syzkaller"));
    m_seed = new QSpinBox(page);
    m_seed->setRange(0, 1 << 30);
    m_seed->setValue(1);
    form->addRow(tr("Host memory"), m_host);
    form->addRow(tr("Policy"), m_policy);
    form->addRow(tr("Workload"), m_workload);
    form->addRow(tr("Seed"), m_seed);
    return page;
}

QWidget* StartPage::replayPage()
{
    auto* page = new QWidget(this);
    auto* form = new QFormLayout(page);
    m_db = new QLineEdit(page);
    m_db->setObjectName(QStringLiteral("database"));
    m_db->setPlaceholderText(tr("a store made by gigablock simulate --db or gigablock import"));
    form->addRow(tr("Database"), withBrowse(m_db, page, [this] {
        return QFileDialog::getOpenFileName(
            this, tr("Open a database"), {}, tr("SQLite stores (*.db *.sqlite);;All (*)"));
    }));
    m_session = new QComboBox(page);
    m_session->addItem(tr("the newest with events"), qint64(0));
    form->addRow(tr("Session"), m_session);
    connect(m_db, &QLineEdit::textChanged, this, &StartPage::listSessions);
    return page;
}

QWidget* StartPage::importPage()
{
    auto* page = new QWidget(this);
    auto* layout = new QVBoxLayout(page);
    auto* form = new QFormLayout;
    m_importDb = new QLineEdit(page);
    form->addRow(tr("Into database"), withBrowse(m_importDb, page, [this] {
        return QFileDialog::getSaveFileName(this, tr("Import into"), {}, tr("SQLite stores (*.db);;All (*)"), nullptr,
            QFileDialog::DontConfirmOverwrite);
    }));
    m_importHost = new QLineEdit(QStringLiteral("unknown"), page);
    form->addRow(tr("Host name"), m_importHost);
    layout->addLayout(form);
    m_files = new QListWidget(page);
    layout->addWidget(new QLabel(tr("Files (/proc/pagetypeinfo, buddyinfo, zoneinfo, vmstat, fragmentation "
                                    "indices, ftrace or trace-cmd report text):"),
        page));
    layout->addWidget(m_files, 1);
    auto* row = new QHBoxLayout;
    auto* add = new QPushButton(tr("Add files…"), page);
    connect(add, &QPushButton::clicked, this,
        [this] { m_files->addItems(QFileDialog::getOpenFileNames(this, tr("Files to import"))); });
    m_import = new QPushButton(tr("Import"), page);
    connect(m_import, &QPushButton::clicked, this, &StartPage::runImport);
    m_progress = new QProgressBar(page);
    m_progress->setRange(0, 1000);
    row->addWidget(add);
    row->addWidget(m_import);
    row->addWidget(m_progress, 1);
    layout->addLayout(row);
    m_report = new QLabel(page);
    m_report->setWordWrap(true);
    m_report->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_report);
    connect(m_job, &ImportJob::progress, this, [this](int perMille, int file, int files) {
        m_progress->setValue(perMille);
        m_progress->setFormat(tr("file %1 of %2: %p%").arg(file + 1).arg(files));
    });
    connect(m_job, &ImportJob::finished, this, [this](bool ok, const QString& report, qint64 session) {
        m_import->setEnabled(true);
        m_progress->setValue(ok ? 1000 : m_progress->value());
        m_report->setText(report);
        if (ok && session > 0) {
            // Offer the import for replay straight away.
            m_db->setText(m_importDb->text());
            m_report->setText(report + tr("\nSession %1 has events: Start replays it.").arg(session));
            m_pendingSession = session;
        }
    });
    return page;
}

QWidget* StartPage::attachPage()
{
    auto* page = new QWidget(this);
    auto* form = new QFormLayout(page);
    m_agentHost = new QLineEdit(QStringLiteral("127.0.0.1"), page);
    m_agentPort = new QSpinBox(page);
    m_agentPort->setRange(1, 65535);
    m_agentPort->setValue(7411);
    m_token = new QLineEdit(page);
    m_token->setPlaceholderText(tr("needed when the agent listens beyond loopback"));
    form->addRow(tr("Agent host"), m_agentHost);
    form->addRow(tr("Port"), m_agentPort);
    form->addRow(tr("Token file"),
        withBrowse(m_token, page, [this] { return QFileDialog::getOpenFileName(this, tr("Token file")); }));
    return page;
}

void StartPage::setPage(Page page)
{
    m_tabs->setCurrentIndex(int(page));
}

StartPage::Page StartPage::page() const
{
    return Page(m_tabs->currentIndex());
}

void StartPage::listSessions(const QString& db)
{
    // Reading the sessions is a query on a file that may be large or on a slow disk: off the UI thread.
    QPointer<StartPage> self(this);
    auto* reader = QThread::create([self, db] {
        std::string error;
        auto store = importers::SqliteStore::openExisting(db.toStdString(), error);
        if (!store)
            return;
        auto sessions = store->sessions();
        QMetaObject::invokeMethod(
            qApp,
            [self, db, sessions = std::move(sessions)] {
                if (!self || self->m_db->text() != db)
                    return;
                self->m_session->clear();
                self->m_session->addItem(tr("the newest with events"), qint64(0));
                for (const auto& s : sessions) {
                    if (s.events > 0) {
                        self->m_session->addItem(
                            QStringLiteral("%1: %2 (%3, %4 events)")
                                .arg(s.id)
                                .arg(QString::fromStdString(s.source), QString::fromStdString(s.format))
                                .arg(s.events),
                            qint64(s.id));
                    }
                }
                if (self->m_pendingSession > 0) {
                    const int index = self->m_session->findData(self->m_pendingSession);
                    if (index >= 0)
                        self->m_session->setCurrentIndex(index);
                }
            },
            Qt::QueuedConnection);
    });
    connect(reader, &QThread::finished, reader, &QObject::deleteLater);
    reader->start();
}

void StartPage::runImport()
{
    QStringList files;
    for (int i = 0; i < m_files->count(); ++i)
        files << m_files->item(i)->text();
    if (m_importDb->text().isEmpty() || files.isEmpty()) {
        m_report->setText(tr("Choose a database and at least one file."));
        return;
    }
    m_import->setEnabled(false);
    m_progress->setValue(0);
    m_report->setText(tr("Importing…"));
    m_job->start(m_importDb->text(), files, m_importHost->text());
}

QStringList StartPage::arguments() const
{
    switch (page()) {
    case Simulate:
        return {QStringLiteral("--host"), m_host->currentText(), QStringLiteral("--policy"), m_policy->currentText(),
            QStringLiteral("--simulate"), m_workload->currentText(), QStringLiteral("--seed"),
            QString::number(m_seed->value())};
    case Replay:
    case Import: {
        QStringList args {QStringLiteral("--db"), page() == Import ? m_importDb->text() : m_db->text()};
        const qint64 session = page() == Import ? m_pendingSession : m_session->currentData().toLongLong();
        if (session > 0)
            args << QStringLiteral("--replay") << QString::number(session);
        return args;
    }
    case Attach: {
        QStringList args {
            QStringLiteral("--connect"), QStringLiteral("%1:%2").arg(m_agentHost->text()).arg(m_agentPort->value())};
        if (!m_token->text().isEmpty())
            args << QStringLiteral("--token-file") << m_token->text();
        return args;
    }
    }
    return {};
}

} // namespace gbw

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTabWidget;

namespace gbw {

class ImportJob;

// Where a session starts (File → New/Open): simulate a host, replay a recording from a store,
// import files into a store first, or attach to an agent. The choice comes out as the command
// line that would do the same, so the start page and the command line share one parser and one
// set of error messages.
class StartPage : public QDialog
{
    Q_OBJECT
public:
    enum Page
    {
        Simulate,
        Replay,
        Import,
        Attach
    };

    explicit StartPage(QWidget* parent = nullptr);

    void setPage(Page page);
    Page page() const;
    // The arguments for WorkbenchOptions::parse (without the program name).
    QStringList arguments() const;

    // For tests: the fields.
    QLineEdit* databaseEdit() const
    {
        return m_db;
    }
    QListWidget* importFiles() const
    {
        return m_files;
    }
    QLineEdit* importDatabaseEdit() const
    {
        return m_importDb;
    }
    QPushButton* importButton() const
    {
        return m_import;
    }
    QProgressBar* importProgress() const
    {
        return m_progress;
    }
    QLabel* importReport() const
    {
        return m_report;
    }
    QComboBox* sessionBox() const
    {
        return m_session;
    }

private:
    QWidget* simulatePage();
    QWidget* replayPage();
    QWidget* importPage();
    QWidget* attachPage();
    void listSessions(const QString& db);
    void runImport();

    QTabWidget* m_tabs;
    QComboBox* m_host;
    QComboBox* m_policy;
    QComboBox* m_workload;
    QSpinBox* m_seed;
    QLineEdit* m_db;
    QComboBox* m_session;
    QLineEdit* m_importDb;
    QLineEdit* m_importHost;
    QListWidget* m_files;
    QPushButton* m_import;
    QProgressBar* m_progress;
    QLabel* m_report;
    QLineEdit* m_agentHost;
    QSpinBox* m_agentPort;
    QLineEdit* m_token;
    ImportJob* m_job;
    qint64 m_pendingSession = 0; // the session an import just made, with events
};

} // namespace gbw

// SPDX-License-Identifier: GPL-3.0-or-later
// The start page: each tab's choice is a command line the workbench's parser accepts, and an
// import runs off the UI thread with progress and a report, leaving the store ready to open.
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>

#include "importers/sqlitestore.h"
#include "startpage.h"
#include "workbenchoptions.h"

using namespace gbw;

namespace {

constexpr int kTimeoutMs = 60000;

std::optional<WorkbenchOptions> parse(const QStringList& arguments)
{
    return WorkbenchOptions::parse(QStringList {QStringLiteral("gigablock-workbench")} + arguments).options;
}

} // namespace

class TestStartPage : public QObject
{
    Q_OBJECT
private slots:
    void simulateIsTheDefaultHost()
    {
        StartPage page;
        page.setPage(StartPage::Simulate);
        const auto options = parse(page.arguments());
        QVERIFY(options);
        QCOMPARE(options->engine.host.memoryBytes, std::uint64_t(64) << 30);
        QCOMPARE(options->engine.workload.name, std::string("syzkaller"));
        QVERIFY(options->db.isEmpty() && options->connect.isEmpty());
    }

    void attachNamesTheAgent()
    {
        StartPage page;
        page.setPage(StartPage::Attach);
        const auto options = parse(page.arguments());
        QVERIFY(options);
        QCOMPARE(options->connect, QStringLiteral("127.0.0.1:7411"));
    }

    void importShowsProgressAndOffersTheStore()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString db = dir.filePath(QStringLiteral("imported.db"));
        StartPage page;
        page.setPage(StartPage::Import);
        page.importDatabaseEdit()->setText(db);
        page.importFiles()->addItem(
            QStringLiteral(GBW_TEST_DATA_DIR "/samples/buddyinfo-linux-6.18-x86_64-vm-capture.txt"));
        page.importFiles()->addItem(
            QStringLiteral(GBW_TEST_DATA_DIR "/samples/pagetypeinfo-linux-6.18-x86_64-vm-capture.txt"));
        page.importButton()->click();
        QVERIFY(!page.importButton()->isEnabled()); // running
        QTRY_VERIFY_WITH_TIMEOUT(page.importButton()->isEnabled(), kTimeoutMs);
        QCOMPARE(page.importProgress()->value(), 1000);
        QVERIFY2(
            page.importReport()->text().contains(QStringLiteral("session 2")), qPrintable(page.importReport()->text()));
        std::string error;
        std::unique_ptr<importers::SqliteStore> store;
        // The page lists the new store's sessions on a thread of its own meanwhile: retry a busy file.
        QTRY_VERIFY_WITH_TIMEOUT((store = importers::SqliteStore::openExisting(db.toStdString(), error)), kTimeoutMs);
        QCOMPARE(store->sessions().size(), std::size_t(2));
        const auto options = parse(page.arguments());
        QVERIFY(options);
        QCOMPARE(options->db, db);
    }

    void aFailedImportSaysWhichFile()
    {
        QTemporaryDir dir;
        StartPage page;
        page.setPage(StartPage::Import);
        page.importDatabaseEdit()->setText(dir.filePath(QStringLiteral("x.db")));
        page.importFiles()->addItem(dir.filePath(QStringLiteral("missing.txt")));
        page.importButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(page.importButton()->isEnabled(), kTimeoutMs);
        QVERIFY2(page.importReport()->text().contains(QStringLiteral("missing.txt")),
            qPrintable(page.importReport()->text()));
    }

    void openingADatabaseListsItsSessions()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("empty.db"));
        std::string error;
        QVERIFY(importers::SqliteStore::open(db.toStdString(), error));
        StartPage page;
        page.setPage(StartPage::Replay);
        page.databaseEdit()->setText(db);
        const auto options = parse(page.arguments());
        QVERIFY(options);
        QCOMPARE(options->db, db);
        QCOMPARE(options->replaySession, qint64(0)); // the newest with events
        QCOMPARE(page.sessionBox()->count(), 1);
    }
};

QTEST_MAIN(TestStartPage)
#include "tst_startpage.moc"

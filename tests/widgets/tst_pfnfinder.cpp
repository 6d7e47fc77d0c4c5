// SPDX-License-Identifier: GPL-3.0-or-later
#include <QLineEdit>
#include <QSignalSpy>
#include <QTest>

#include "enginerunner.h"
#include "mainwindow.h"
#include "pfnfinder.h"
#include "pfnlocation.h"
#include "simulationstate.h"
#include "workbenchoptions.h"
#include "workbenchtest.h"

using namespace gbw;
using namespace gbw::testing;

namespace {

// The gigablock a pfn falls in, from the snapshot's cells (sorted by start pfn), independently of the model.
std::uint32_t gigablockOf(const EngineSnapshot& s, Pfn pfn)
{
    std::uint32_t found = ~std::uint32_t(0);
    for (std::uint32_t i = 0; i < s.gigablocks.size(); ++i) {
        if (s.gigablocks[i].startPfn <= pfn)
            found = i;
    }
    return found;
}

constexpr int kTimeoutMs = 60000;
constexpr Pfn kGiB = Pfn(1) << 18; // pages

} // namespace

// "Where is PFN…" on a fresh (paused, never run) 8 GiB host: the box asks the engine's thread,
// shows the answer and selects the page's gigablock and pageblock.
class TestPfnFinder : public QObject
{
    Q_OBJECT
private slots:
    void parsesDecimalAndHex_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<qulonglong>("pfn");
        QTest::newRow("decimal") << QStringLiteral("4096") << true << 4096ull;
        QTest::newRow("hex") << QStringLiteral("0x1000") << true << 4096ull;
        QTest::newRow("HEX") << QStringLiteral(" 0XfF ") << true << 255ull;
        QTest::newRow("empty") << QString() << false << 0ull;
        QTest::newRow("bare 0x") << QStringLiteral("0x") << false << 0ull;
        QTest::newRow("junk") << QStringLiteral("12ab") << false << 0ull;
        QTest::newRow("negative") << QStringLiteral("-1") << false << 0ull;
    }

    void parsesDecimalAndHex()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QFETCH(qulonglong, pfn);
        const auto parsed = parsePfn(text.toStdString());
        QCOMPARE(parsed.has_value(), valid);
        if (valid)
            QCOMPARE(qulonglong(*parsed), pfn);
    }

    void findsKnownPagesOnAFreshHost_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("state");
        QTest::addColumn<int>("order");
        QTest::addColumn<QString>("says");
        // 5 GiB is in Normal, above the 4 GiB line: a fresh host has it in max-order Movable blocks.
        QTest::newRow("free head") << QStringLiteral("0x140000") << int(PfnLocation::State::FreeHead) << 10
                                   << QStringLiteral("Normal free_area[10].free_list[Movable]");
        QTest::newRow("inside free") << QString::number(5 * kGiB + 1023) << int(PfnLocation::State::InsideFree) << 10
                                     << QStringLiteral("inside the order-10 block at 0x140000");
        // Page 0 is firmware on x86-64.
        QTest::newRow("reserved") << QStringLiteral("0") << int(PfnLocation::State::Reserved) << 0
                                  << QStringLiteral("Reserved");
        QTest::newRow("beyond") << QStringLiteral("0x7fffffff") << int(PfnLocation::State::OutOfRange) << 0
                                << QStringLiteral("beyond the end of memory");
    }

    void findsKnownPagesOnAFreshHost()
    {
        QFETCH(QString, text);
        QFETCH(int, state);
        QFETCH(int, order);
        QFETCH(QString, says);

        MainWindow window;
        window.startSimulation(
            optionsFor({QStringLiteral("--host"), QStringLiteral("8G"), QStringLiteral("--paused")}));
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(window.state()->snapshot(), kTimeoutMs);
        const EngineSnapshot snapshot = *window.state()->snapshot();
        QCOMPARE(snapshot.seconds, 0.0);

        window.showPfnFinder();
        PfnFinder* finder = window.pfnFinder();
        QVERIFY(finder->isVisible());
        QSignalSpy located(window.runner(), &EngineRunner::pfnLocated);
        finder->input()->setText(text);
        QTest::keyClick(finder->input(), Qt::Key_Return);
        QVERIFY(located.wait(kTimeoutMs));
        const auto where = located.takeFirst().at(0).value<PfnLocation>();
        QCOMPARE(int(where.state), state);
        QVERIFY2(finder->resultText().contains(says), qPrintable(finder->resultText()));
        if (where.state == PfnLocation::State::OutOfRange)
            return;
        QCOMPARE(where.order, order);
        QCOMPARE(where.gigablock, gigablockOf(snapshot, where.pfn));
        QCOMPARE(where.pageblock, std::uint32_t((where.pfn % kGiB) / 512));
        // The drill-down follows.
        QCOMPARE(window.state()->selectedGigablock(), where.gigablock);
        QCOMPARE(window.state()->selectedPageblock(), where.pageblock);
        QCOMPARE(window.state()->selectedPage(), std::uint32_t(where.pfn % 512));
        QTRY_VERIFY_WITH_TIMEOUT(
            window.state()->drillDown() && !window.state()->drillDown()->pages.empty(), kTimeoutMs);
        const auto& page = window.state()->drillDown()->pages[std::size_t(where.pfn % 512)];
        QCOMPARE(page.kind == PageCell::Kind::Reserved, where.state == PfnLocation::State::Reserved);
        QCOMPARE(page.head, where.state == PfnLocation::State::FreeHead);
    }

    void allocatedPagesNameTheirOwner()
    {
        MainWindow window;
        window.startSimulation(optionsFor({QStringLiteral("--host"), QStringLiteral("8G"), QStringLiteral("--speed"),
            QStringLiteral("max"), QStringLiteral("--duration"), QStringLiteral("3s"), QStringLiteral("--select"),
            QStringLiteral("4:0")}));
        QTRY_VERIFY_WITH_TIMEOUT(!window.runner()->isRunning() && window.state()->snapshot()
                && window.state()->snapshot()->seconds >= 3.0 && window.state()->drillDown()
                && !window.state()->drillDown()->pages.empty(),
            kTimeoutMs);
        // Find an allocated head in the drill-down and ask for it.
        const DrillDown* drill = window.state()->drillDown();
        Pfn target = 0;
        bool found = false;
        std::uint32_t pb = 0;
        for (; pb < 512 && !found; ++pb) {
            window.state()->selectPageblock(pb);
            QTRY_VERIFY_WITH_TIMEOUT((drill = window.state()->drillDown()) && drill->pageblock == pb, kTimeoutMs);
            for (std::size_t i = 0; i < drill->pages.size() && !found; ++i) {
                if (drill->pages[i].kind == PageCell::Kind::Allocated && drill->pages[i].head) {
                    target = drill->firstPfn + Pfn(pb) * 512 + i;
                    found = true;
                }
            }
        }
        QVERIFY(found);
        QSignalSpy located(window.runner(), &EngineRunner::pfnLocated);
        window.runner()->locate(target);
        QVERIFY(located.wait(kTimeoutMs));
        const auto where = located.takeFirst().at(0).value<PfnLocation>();
        QCOMPARE(int(where.state), int(PfnLocation::State::Allocated));
        QCOMPARE(where.blockPfn, target);
        QVERIFY2(QString::fromStdString(where.describe()).contains(QStringLiteral("Allocated: head")),
            where.describe().c_str());
    }
};

QTEST_MAIN(TestPfnFinder)
#include "tst_pfnfinder.moc"

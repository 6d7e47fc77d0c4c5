// SPDX-License-Identifier: GPL-3.0-or-later
#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>

#include "countermodel.h"
#include "knobmodel.h"

using namespace gbw;

class TestWidgetModels : public QObject
{
    Q_OBJECT
private slots:
    void knobModel()
    {
        KnobModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const KnobSet defaults;
        model.setKnobs(defaults.all());
        QCOMPARE(model.rowCount(), int(defaults.all().size()));
        QCOMPARE(model.columnCount(), int(KnobModel::NUM_COLUMNS));

        int row = -1;
        for (int r = 0; r < model.rowCount(); ++r) {
            if (model.index(r, KnobModel::NameColumn).data().toString()
                == QStringLiteral("vm.compaction_proactiveness"))
                row = r;
        }
        QVERIFY(row >= 0);
        QCOMPARE(model.index(row, KnobModel::ValueColumn).data().toString(), QStringLiteral("20"));
        QCOMPARE(model.index(row, KnobModel::DefaultColumn).data().toString(), QStringLiteral("20"));
        QCOMPARE(model.index(row, KnobModel::RangeColumn).data().toString(), QStringLiteral("0 … 100"));
        QVERIFY(!model.index(row, KnobModel::MeaningColumn).data().toString().isEmpty());
        QCOMPARE(model.index(row, 0).data(KnobModel::MaximumRole).toDouble(), 100.0);
        QVERIFY(model.flags(model.index(row, KnobModel::ValueColumn)) & Qt::ItemIsEditable);
        QVERIFY(!(model.flags(model.index(row, KnobModel::NameColumn)) & Qt::ItemIsEditable));

        // An edit is a request; the value shows only once the engine's knobs say so.
        QSignalSpy requested(&model, &KnobModel::knobEditRequested);
        QVERIFY(model.setData(model.index(row, KnobModel::ValueColumn), 0.0));
        QCOMPARE(requested.count(), 1);
        QCOMPARE(requested.at(0).at(0).toString(), QStringLiteral("vm.compaction_proactiveness"));
        QCOMPARE(requested.at(0).at(1).toDouble(), 0.0);
        QCOMPARE(model.index(row, KnobModel::ValueColumn).data().toString(), QStringLiteral("20"));

        KnobSet changed;
        QVERIFY(changed.set("vm.compaction_proactiveness", 0).empty());
        QSignalSpy dataChanged(&model, &QAbstractItemModel::dataChanged);
        model.setKnobs(changed.all());
        QVERIFY(dataChanged.count() >= 1);
        QCOMPARE(model.index(row, KnobModel::ValueColumn).data().toString(), QStringLiteral("0"));
        QVERIFY(model.index(row, KnobModel::ValueColumn).data(Qt::FontRole).value<QFont>().bold());
        QVERIFY(!model.setData(model.index(row, KnobModel::NameColumn), QStringLiteral("x")));
    }

    void counterModelSortsNumerically()
    {
        CounterModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setRows({{"vmstat", "pgalloc", 900}, {"vmstat", "pgfree", 10000}, {"model", "merges", 42}});
        QCOMPARE(model.rowCount(), 3);

        QSortFilterProxyModel proxy;
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.setSourceModel(&model);
        proxy.setSortRole(CounterModel::SortRole);
        proxy.sort(CounterModel::ValueColumn, Qt::DescendingOrder);
        // 10000 > 900 > 42 as numbers (as text "900" would sort above "10000").
        QCOMPARE(proxy.index(0, CounterModel::NameColumn).data().toString(), QStringLiteral("pgfree"));
        QCOMPARE(proxy.index(1, CounterModel::NameColumn).data().toString(), QStringLiteral("pgalloc"));
        QCOMPARE(proxy.index(2, CounterModel::NameColumn).data().toString(), QStringLiteral("merges"));

        // New values, same names: rows stay, values change, the proxy re-sorts.
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.setRows({{"vmstat", "pgalloc", 20000}, {"vmstat", "pgfree", 10000}, {"model", "merges", 42}});
        QCOMPARE(reset.count(), 0);
        QCOMPARE(proxy.index(0, CounterModel::NameColumn).data().toString(), QStringLiteral("pgalloc"));
        QCOMPARE(proxy.index(0, CounterModel::ValueColumn).data(CounterModel::SortRole).toULongLong(), 20000ull);

        // Different names: a reset.
        model.setRows({{"policy", "picks", 1}});
        QCOMPARE(reset.count(), 1);
        QCOMPARE(model.rowCount(), 1);
        model.setRows({});
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_MAIN(TestWidgetModels)
#include "tst_widgetmodels.moc"

// SPDX-License-Identifier: GPL-3.0-or-later
#include "sweeprunoptions.h"

#include <QDir>
#include <QFileInfo>

#include "sim/workloadfile.h"
#include "sweep/runspec.h"
#include "sweep/workloadsource.h"

namespace gbw {

namespace {

QString number(double value)
{
    return QString::number(value, 'g', 17); // reads back as the same double
}

// The workload as the sweep named it, or a relative file found next to the store.
QString workloadArgument(const RunSpec& spec, const QString& db)
{
    const QString name = QString::fromStdString(spec.workload);
    const bool isPath = name.contains(QLatin1Char('/')) || name.endsWith(QLatin1String(".toml"));
    if (!isPath || QFileInfo(name).isAbsolute() || QFileInfo::exists(name))
        return name;
    const QString besideStore = QFileInfo(db).absoluteDir().filePath(name);
    return QFileInfo::exists(besideStore) ? besideStore : name;
}

} // namespace

SweepRunOptions sweepRunOptions(const RunSpec& spec, SweepRunMode mode, const QString& db)
{
    const QString workload = workloadArgument(spec, db);
    QStringList arguments {QStringLiteral("gigablock-workbench"), QStringLiteral("--simulate"), workload,
        QStringLiteral("--policy"), QString::fromStdString(spec.policy), QStringLiteral("--host"),
        QString::fromStdString(spec.host), QStringLiteral("--seed"), QString::number(spec.seed),
        QStringLiteral("--sample"), QString::fromStdString(formatDuration(spec.sampleSeconds))};
    for (const auto& [name, value] : spec.knobs)
        arguments << QStringLiteral("--knob") << QString::fromStdString(name) + QLatin1Char('=') + number(value);
    if (mode == SweepRunMode::Open) {
        arguments << QStringLiteral("--speed") << QStringLiteral("max") << QStringLiteral("--duration")
                  << QString::fromStdString(formatDuration(spec.durationSeconds));
    }
    SweepRunOptions out;
    out.parsed = WorkbenchOptions::parse(arguments);
    out.description = QStringLiteral("run %1 of %2: %3")
                          .arg(spec.index)
                          .arg(QFileInfo(db).fileName(), QString::fromStdString(spec.label()));
    // The run's id promises the workload's contents; a file edited since gives another run.
    const auto source = resolveWorkload(workload.toStdString());
    if (!spec.workloadHash.empty() && source.hash != spec.workloadHash)
        out.warning = QStringLiteral("the workload %1 has changed since this run (its contents hash %2, the run used "
                                     "%3): the re-run will not be the same run")
                          .arg(workload,
                              source.hash.empty() ? QStringLiteral("unreadable") : QString::fromStdString(source.hash),
                              QString::fromStdString(spec.workloadHash));
    return out;
}

} // namespace gbw

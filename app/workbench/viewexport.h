// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <vector>

#include <QImage>
#include <QString>

#include "sim/engine.h"

class QWidget;

namespace gbw {

// Writes a view's image by the file's extension: .png (lossless), .pdf (the image on an A4
// landscape page, for papers and slides). Empty on success, else why not, naming the file.
QString exportImage(const QImage& image, const QString& path);

// Writes a view as SVG (vector graphics at `size`, default the widget's): text stays text and
// plots stay lines; a cell view (map, heatmaps, drill-down) draws each cell as a rectangle of its
// colour. Empty on success, else why not, naming the file.
QString exportSvg(QWidget* widget, const QString& path, QSize size = {});

// The time series as CSV, one row per sample, with a header naming every column and its unit.
QString exportTimeSeries(const std::vector<EngineSample>& samples, const QString& path);

} // namespace gbw
